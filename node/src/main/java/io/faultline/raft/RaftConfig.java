package io.faultline.raft;

import java.util.Objects;

/**
 * Everything a {@link RawNode} needs to start. Membership is not here: it comes from
 * the storage's {@code ConfState} (or from the peers given to
 * {@link RawNode#RawNode(RaftConfig, java.util.List)} for a brand-new cluster).
 *
 * @param id             this node's id, never 0 (0 means "nobody")
 * @param electionTick   ticks a follower waits without hearing a leader before it
 *                       campaigns; the actual timeout is randomized in
 *                       [electionTick, 2·electionTick)
 * @param heartbeatTick  ticks between leader heartbeats; must be below electionTick
 * @param storage        the application's stable storage, read-only for Raft
 * @param applied        the last index the application already applied (0 = the
 *                       storage's snapshot index)
 * @param maxSizePerMsg  byte budget of entries in one append message (at least one
 *                       entry is always sent)
 * @param maxInflightMsgs append messages a leader keeps in flight per follower
 * @param preVote        run a pre-vote round before bumping the term
 * @param checkQuorum    a leader steps down when it has not heard from a quorum for
 *                       an election timeout, and followers in a lease ignore votes
 * @param randomSeed     seeds the election-timeout randomization (replayable runs)
 * @param broadcastCommit when the leader's commit index moves on an append answer, send
 *                       every follower an append at once, empty if need be, to carry it
 *                       (etcd's raft does); off, it rides on the next append or heartbeat,
 *                       which spares two messages and a follower Ready per write at low
 *                       load, while followers apply up to a heartbeat later
 * @param brokenRules    rules of Raft broken on purpose (planted bugs); empty for a correct node
 */
public record RaftConfig(
        long id,
        int electionTick,
        int heartbeatTick,
        Storage storage,
        long applied,
        long maxSizePerMsg,
        int maxInflightMsgs,
        boolean preVote,
        boolean checkQuorum,
        long randomSeed,
        boolean broadcastCommit,
        java.util.Set<BrokenRule> brokenRules) {

    public RaftConfig {
        brokenRules = brokenRules.isEmpty() ? java.util.Set.of() : java.util.Set.copyOf(java.util.EnumSet.copyOf(brokenRules));
    }

    /**
     * Sensible defaults: election 10 ticks, heartbeat 1 tick, 1 MiB messages, 256 in flight,
     * PreVote and CheckQuorum on, commits broadcast at once.
     */
    public static RaftConfig defaults(long id, Storage storage) {
        return new RaftConfig(id, 10, 1, storage, 0, 1024 * 1024, 256, true, true, id, true, java.util.Set.of());
    }

    public RaftConfig withElectionTick(int v) {
        return new RaftConfig(id, v, heartbeatTick, storage, applied, maxSizePerMsg, maxInflightMsgs, preVote, checkQuorum, randomSeed, broadcastCommit, brokenRules);
    }

    public RaftConfig withHeartbeatTick(int v) {
        return new RaftConfig(id, electionTick, v, storage, applied, maxSizePerMsg, maxInflightMsgs, preVote, checkQuorum, randomSeed, broadcastCommit, brokenRules);
    }

    public RaftConfig withStorage(Storage v) {
        return new RaftConfig(id, electionTick, heartbeatTick, v, applied, maxSizePerMsg, maxInflightMsgs, preVote, checkQuorum, randomSeed, broadcastCommit, brokenRules);
    }

    public RaftConfig withApplied(long v) {
        return new RaftConfig(id, electionTick, heartbeatTick, storage, v, maxSizePerMsg, maxInflightMsgs, preVote, checkQuorum, randomSeed, broadcastCommit, brokenRules);
    }

    public RaftConfig withMaxSizePerMsg(long v) {
        return new RaftConfig(id, electionTick, heartbeatTick, storage, applied, v, maxInflightMsgs, preVote, checkQuorum, randomSeed, broadcastCommit, brokenRules);
    }

    public RaftConfig withMaxInflightMsgs(int v) {
        return new RaftConfig(id, electionTick, heartbeatTick, storage, applied, maxSizePerMsg, v, preVote, checkQuorum, randomSeed, broadcastCommit, brokenRules);
    }

    public RaftConfig withPreVote(boolean v) {
        return new RaftConfig(id, electionTick, heartbeatTick, storage, applied, maxSizePerMsg, maxInflightMsgs, v, checkQuorum, randomSeed, broadcastCommit, brokenRules);
    }

    public RaftConfig withCheckQuorum(boolean v) {
        return new RaftConfig(id, electionTick, heartbeatTick, storage, applied, maxSizePerMsg, maxInflightMsgs, preVote, v, randomSeed, broadcastCommit, brokenRules);
    }

    public RaftConfig withRandomSeed(long v) {
        return new RaftConfig(id, electionTick, heartbeatTick, storage, applied, maxSizePerMsg, maxInflightMsgs, preVote, checkQuorum, v, broadcastCommit, brokenRules);
    }

    public RaftConfig withBroadcastCommit(boolean v) {
        return new RaftConfig(id, electionTick, heartbeatTick, storage, applied, maxSizePerMsg, maxInflightMsgs, preVote, checkQuorum, randomSeed, v, brokenRules);
    }

    public RaftConfig withBrokenRules(java.util.Set<BrokenRule> v) {
        return new RaftConfig(id, electionTick, heartbeatTick, storage, applied, maxSizePerMsg, maxInflightMsgs, preVote, checkQuorum, randomSeed, broadcastCommit, v);
    }

    /** @throws IllegalArgumentException naming the first bad field */
    public void validate() {
        if (id == 0) {
            throw new IllegalArgumentException("raft config: id must not be 0 (0 means no node)");
        }
        if (heartbeatTick <= 0) {
            throw new IllegalArgumentException("raft config: heartbeatTick must be > 0, got " + heartbeatTick);
        }
        if (electionTick <= heartbeatTick) {
            throw new IllegalArgumentException("raft config: electionTick (" + electionTick
                    + ") must be greater than heartbeatTick (" + heartbeatTick + ")");
        }
        if (Objects.isNull(storage)) {
            throw new IllegalArgumentException("raft config: storage must not be null");
        }
        if (applied < 0) {
            throw new IllegalArgumentException("raft config: applied must be >= 0, got " + applied);
        }
        if (maxSizePerMsg <= 0) {
            throw new IllegalArgumentException("raft config: maxSizePerMsg must be > 0, got " + maxSizePerMsg);
        }
        if (maxInflightMsgs <= 0) {
            throw new IllegalArgumentException("raft config: maxInflightMsgs must be > 0, got " + maxInflightMsgs);
        }
    }
}
