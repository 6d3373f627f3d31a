package io.faultline.kv.config;

import java.util.ArrayList;
import java.util.List;

/**
 * Bugs a node can be started with on purpose, to prove that the chaos harness finds
 * them. All off by default; the node's command line refuses any of them unless
 * {@code --i-know-this-is-unsafe} is also given.
 *
 * @param staleReads        Get is served from local state at once, on any node, without ReadIndex
 * @param earlyAck          Put/Delete are answered once the leader has appended them in memory, before they are written, sent or committed
 * @param forgetfulVotes    term and vote are never written durably: a restarted node has forgotten whom it voted for
 * @param lostFsync         log writes are not synced; a restart drops the tail written since the last simulated sync
 * @param staleLeaderCommit a leader commits an entry of an earlier term once a quorum holds it (Raft paper, figure 8)
 * @param outsiderReads     a node outside its own configuration (removed, or added and not yet sent one) answers
 *                          Get from its own state, as the one member it counts itself: only a membership change makes one
 */
public record UnsafeFlags(boolean staleReads, boolean earlyAck, boolean forgetfulVotes, boolean lostFsync,
        boolean staleLeaderCommit, boolean outsiderReads) {

    public static final UnsafeFlags NONE = new UnsafeFlags(false, false, false, false, false, false);
    /** Every bug on: {@link #names()} lists them all, in this order. */
    public static final UnsafeFlags ALL = new UnsafeFlags(true, true, true, true, true, true);

    public static final String STALE_READS = "--unsafe-stale-reads";
    public static final String EARLY_ACK = "--unsafe-early-ack";
    public static final String FORGETFUL_VOTES = "--unsafe-forgetful-votes";
    public static final String LOST_FSYNC = "--unsafe-lost-fsync";
    public static final String STALE_LEADER_COMMIT = "--unsafe-stale-leader-commit";
    public static final String OUTSIDER_READS = "--unsafe-outsider-reads";
    public static final String CONSENT = "--i-know-this-is-unsafe";

    /** The flags that are on, in their command-line spelling. */
    public List<String> names() {
        List<String> on = new ArrayList<>();
        if (staleReads) on.add(STALE_READS);
        if (earlyAck) on.add(EARLY_ACK);
        if (forgetfulVotes) on.add(FORGETFUL_VOTES);
        if (lostFsync) on.add(LOST_FSYNC);
        if (staleLeaderCommit) on.add(STALE_LEADER_COMMIT);
        if (outsiderReads) on.add(OUTSIDER_READS);
        return on;
    }

    public boolean any() {
        return !names().isEmpty();
    }

    /** What a flag breaks, for the start-up warning. */
    public static String consequence(String flag) {
        switch (flag) {
            case STALE_READS: return "reads skip ReadIndex and may return stale values (not linearizable)";
            case EARLY_ACK: return "writes are acknowledged before they commit and may be lost";
            case FORGETFUL_VOTES: return "term and vote are not persisted; after a restart this node may vote twice in a term";
            case LOST_FSYNC: return "the log is not fsynced; after a kill the unsynced tail is dropped (simulated power loss)";
            case STALE_LEADER_COMMIT: return "earlier-term entries are committed by counting replicas (Raft figure 8 bug)";
            case OUTSIDER_READS: return "a node outside the configuration (removed, or not yet caught up) answers reads from its own state";
            default: throw new IllegalArgumentException("unknown unsafe flag " + flag);
        }
    }
}
