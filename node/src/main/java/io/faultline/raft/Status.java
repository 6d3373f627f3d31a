package io.faultline.raft;

import java.util.List;
import java.util.Map;

/**
 * A read-only picture of a node, for logs, metrics and tests.
 *
 * @param voters         the voters (the incoming ones while in a joint configuration)
 * @param votersOutgoing the voters of the configuration being left; empty unless joint
 * @param learners       members that receive the log but do not vote
 * @param progress       per-peer replication progress; empty unless this node is leader
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
        List<Long> votersOutgoing,
        List<Long> learners,
        long leadTransferee,
        Map<Long, PeerProgress> progress) {

    public Status {
        voters = List.copyOf(voters);
        votersOutgoing = List.copyOf(votersOutgoing);
        learners = List.copyOf(learners);
        progress = Map.copyOf(progress);
    }

    /** What the leader knows of one peer. */
    public record PeerProgress(long match, long next, ProgressState state, boolean paused, boolean recentActive) {}
}
