package io.faultline.kv.config;

import java.util.Optional;

/**
 * The bugs a Faultline node can be started with on purpose, so that the harness can prove it
 * finds them (docs/harness.md, detection matrix): each a named failure point with its flag, what
 * it breaks, and where in the node it acts. All off unless the node is started with the flag and
 * {@value UnsafeFlags#CONSENT}. Adding one is a constant here and its effect where it acts.
 */
public enum PlantedBug {
    STALE_READS("--unsafe-stale-reads",
            "reads skip ReadIndex and may return stale values (not linearizable)",
            "NodeDriver answers a Get from the node's own state at once, on any node"),
    EARLY_ACK("--unsafe-early-ack",
            "writes are acknowledged before they commit and may be lost",
            "NodeDriver answers a Put or Delete once the leader has appended it in memory"),
    FORGETFUL_VOTES("--unsafe-forgetful-votes",
            "term and vote are not persisted; after a restart this node may vote twice in a term",
            "UnsafeRestart.forgetVote undoes the last term and vote at start"),
    LOST_FSYNC("--unsafe-lost-fsync",
            "the log is not fsynced; after a kill the unsynced tail is dropped (simulated power loss)",
            "SyncPolicy.lostFsync skips syncs; UnsafeRestart.loseUnsyncedTail cuts the log at start"),
    STALE_LEADER_COMMIT("--unsafe-stale-leader-commit",
            "earlier-term entries are committed by counting replicas (Raft figure 8 bug)",
            "NodeCore breaks the Raft core's BrokenRule.COMMIT_EARLIER_TERM_BY_COUNT");

    private final String flag;
    private final String consequence;
    private final String where;

    PlantedBug(String flag, String consequence, String where) {
        this.flag = flag;
        this.consequence = consequence;
        this.where = where;
    }

    /** Its command-line flag, {@code --unsafe-…}. */
    public String flag() {
        return flag;
    }

    /** What it breaks, for the node's start-up warning and the refusal without consent. */
    public String consequence() {
        return consequence;
    }

    /** Where in the node it acts. */
    public String where() {
        return where;
    }

    public static Optional<PlantedBug> ofFlag(String flag) {
        for (PlantedBug b : values()) {
            if (b.flag.equals(flag)) return Optional.of(b);
        }
        return Optional.empty();
    }
}
