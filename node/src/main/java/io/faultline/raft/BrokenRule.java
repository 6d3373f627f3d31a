package io.faultline.raft;

/**
 * Rules of Raft this core can be told to break ({@link RaftConfig#brokenRules()}), each a named
 * failure point: the planted bugs that prove a checker or test can catch what it claims to.
 * None is broken unless asked for; the Faultline node breaks one only when started with its
 * {@code --unsafe-*} flag (see {@code io.faultline.kv.config.PlantedBug}).
 */
public enum BrokenRule {
    /** A leader commits an entry of an earlier term once a quorum holds it (the paper's figure 8, §5.4.2). */
    COMMIT_EARLIER_TERM_BY_COUNT,
    /** A leader answers ReadIndex at once, without confirming with a quorum that it still leads. */
    READ_WITHOUT_QUORUM,
    /** A vote is granted without checking that the candidate's log is at least as up to date (§5.4.1). */
    VOTE_IGNORING_LOG,
    /**
     * A rejected append is answered with the last index only, as before fast backtracking, so the
     * leader walks back one index per round trip: slower, not unsafe.
     */
    NO_REJECT_TERM_HINT
}
