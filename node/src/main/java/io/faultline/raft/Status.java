package io.faultline.raft;

import java.util.List;
import java.util.Map;

/**
 * A read-only picture of a node, for logs, metrics and tests.
 *
 * @param progress per-peer replication progress; empty unless this node is leader
 */
public record Status(
        long id,
        long term,
        long vote,
        long commit,
        long applied,
        long lead,
        StateType state,
        List<Long> voters,
        long leadTransferee,
        Map<Long, PeerProgress> progress) {

    public Status {
        voters = List.copyOf(voters);
        progress = Map.copyOf(progress);
    }

    /** What the leader knows of one peer. */
    public record PeerProgress(long match, long next, ProgressState state, boolean paused, boolean recentActive) {}
}
