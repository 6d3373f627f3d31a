package io.faultline.raft;

import com.google.protobuf.ByteString;
import io.faultline.raft.pb.ConfChange;
import io.faultline.raft.pb.ConfChangeSingle;
import io.faultline.raft.pb.ConfChangeTransition;
import io.faultline.raft.pb.ConfChangeV2;
import io.faultline.raft.pb.ConfChangeType;
import io.faultline.raft.pb.Entry;
import io.faultline.raft.pb.Message;
import io.faultline.raft.pb.MessageType;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;

/**
 * A deterministic cluster of {@link RawNode}s over {@link SimNetwork}: a fault phase
 * (drops, duplicates, delays, reordering, partitions, crashes and restarts from
 * storage, snapshots, leader transfers, client proposals, single-step and joint
 * membership changes), then a quiet phase in which a leader must emerge and every voter
 * must apply a fresh probe entry within a bound of ticks. Every choice comes
 * from one seed, so {@code new ClusterSimulator(seed, options).run()} replays a run.
 */
final class ClusterSimulator {

    /** Rounds of message delivery within one tick (delay-0 messages chain within a tick). */
    private static final int ROUNDS_PER_TICK = 4;
    private static final int LOG_MATCHING_EVERY = 25;

    private final long seed;
    private final SimOptions opt;
    private final SplittableRandom random;
    private final SimNetwork network;
    private final InvariantChecker checker = new InvariantChecker();
    private final Map<Long, SimNode> nodes = new TreeMap<>();
    private final List<Long> ids = new ArrayList<>();
    private long now;
    private int proposals;
    private int reads;
    private boolean faulty = true;
    /** With {@code onePartition}: the fault-phase ticks at which it starts and heals (heals at the latest with the faults). */
    private final int partitionStart;
    private final int partitionEnd;
    /** With {@code removeNode}: the fault-phase tick from which the removal is proposed. */
    private final int removeFrom;
    final SimStats stats = new SimStats();

    ClusterSimulator(long seed, SimOptions opt) {
        this.seed = seed;
        this.opt = opt;
        this.random = new SplittableRandom(seed);
        this.network = new SimNetwork(random, opt.dropRate, opt.dupRate, opt.maxDelay);
        int span = Math.max(1, opt.faultTicks);
        this.partitionStart = opt.onePartition ? random.nextInt(span) : -1;
        this.partitionEnd = opt.onePartition ? partitionStart + 1 + random.nextInt(span) : -1;
        this.removeFrom = opt.removeNode == Raft.NONE ? Integer.MAX_VALUE : random.nextInt(Math.max(1, span / 2));
        for (long id = 1; id <= opt.nodes; id++) {
            ids.add(id);
        }
        for (long id : ids) {
            SimNode n = new SimNode(id, MemoryStorage.withVoters(ids));
            nodes.put(id, n);
            start(n);
        }
    }

    /** Runs both phases; throws {@link InvariantViolation} naming the seed on any broken property. */
    void run() {
        try {
            for (int t = 0; t < opt.faultTicks; t++) {
                injectFaults(t);
                tick();
            }
            quietPhase();
            checker.checkLogMatching(nodes.values());
            stats.runs = 1;
            stats.ticks = now;
            for (SimNode n : nodes.values()) {
                stats.entriesApplied += n.appliedIndex;
                stats.snapshotsRestored += n.snapshotsRestored;
                stats.readsAnswered += n.readsAnswered;
                stats.maxTerm = Math.max(stats.maxTerm, n.rawNode.term());
            }
        } catch (InvariantViolation v) {
            throw new InvariantViolation("seed " + seed + " (" + opt + "): " + v.getMessage());
        }
    }

    private void start(SimNode n) {
        RaftConfig cfg = RaftConfig.defaults(n.id, n.storage)
                .withApplied(n.appliedIndex)
                .withMaxSizePerMsg(opt.maxSizePerMsg)
                .withPreVote(opt.preVoteAndCheckQuorum)
                .withCheckQuorum(opt.preVoteAndCheckQuorum)
                .withRandomSeed(seed * 1_000_003L + n.id * 101L + n.restarts)
                .withHeartbeatTick(opt.heartbeatTick)
                .withElectionTick(opt.electionTick)
                .withMaxInflightMsgs(opt.maxInflight)
                .withBroadcastCommit(opt.broadcastCommit)
                .withBrokenRules(brokenRules());
        n.rawNode = new RawNode(cfg);
    }

    private java.util.Set<BrokenRule> brokenRules() {
        java.util.Set<BrokenRule> rules = java.util.EnumSet.noneOf(BrokenRule.class);
        if (!opt.rejectTermHint) rules.add(BrokenRule.NO_REJECT_TERM_HINT);
        if (opt.breakCommitRule) rules.add(BrokenRule.COMMIT_EARLIER_TERM_BY_COUNT);
        if (opt.breakVoteRule) rules.add(BrokenRule.VOTE_IGNORING_LOG);
        if (opt.breakReadRule) rules.add(BrokenRule.READ_WITHOUT_QUORUM);
        return rules;
    }

    private void injectFaults(int t) {
        if (opt.onePartition) {
            if (t == partitionStart) {
                network.partition(ids);
                stats.partitions++;
            } else if (t == partitionEnd) {
                network.heal();
            }
        } else if (random.nextDouble() < opt.partitionRate) {
            if (network.partitioned()) {
                network.heal();
            } else {
                network.partition(ids);
                stats.partitions++;
            }
        }
        if (random.nextDouble() < opt.crashRate) {
            SimNode n = nodes.get(pick(ids));
            if (n.up()) {
                stats.crashes++;
            }
            n.rawNode = null; // volatile state is lost; storage and state machine remain
        }
        if (random.nextDouble() < opt.restartRate) {
            SimNode n = nodes.get(pick(ids));
            if (!n.up()) {
                n.restarts++;
                stats.restarts++;
                start(n);
            }
        }
        if (random.nextDouble() < opt.snapshotRate) {
            SimNode n = nodes.get(pick(ids));
            if (n.snapshotAndCompact(random.nextInt(4))) {
                stats.snapshotsTaken++;
            }
        }
        if (random.nextDouble() < opt.transferRate) {
            SimNode leader = anyLeader();
            if (leader != null) {
                leader.rawNode.transferLeader(pick(ids));
                stats.transfers++;
            }
        }
        if (random.nextDouble() < opt.proposeRate) {
            propose("p" + (proposals++));
        }
        if (random.nextDouble() < opt.confChangeRate) {
            proposeConfChange();
        }
        if (random.nextDouble() < opt.readRate) {
            readIndex();
        }
        if (t >= removeFrom) {
            proposeRemoval();
        }
    }

    /** Has a leader propose removing {@code opt.removeNode} until some node applied it. */
    private void proposeRemoval() {
        if (opt.removeNode == Raft.NONE || removalApplied()) {
            return;
        }
        SimNode leader = anyLeader();
        if (leader == null || !leader.rawNode.status().voters().contains(opt.removeNode)) {
            return;
        }
        try {
            leader.rawNode.proposeConfChange(ConfChange.newBuilder().setChangeType(ConfChangeType.REMOVE_NODE)
                    .setNodeId(opt.removeNode).build());
            stats.confChanges++;
        } catch (ProposalDroppedException e) {
            // one is pending, or the leader is transferring: try again next tick
        }
    }

    private boolean removalApplied() {
        for (SimNode n : nodes.values()) {
            if (n.id != opt.removeNode && !n.storage.confState().getVotersList().contains(opt.removeNode)) {
                return true;
            }
        }
        return false;
    }

    /**
     * Removes a random voter (keeping at least two) or adds a node that is not one, in a
     * single step; or, one time in three, replaces a voter through a joint configuration
     * (left by the leader itself or, with an explicit transition, by a later call here).
     */
    private void proposeConfChange() {
        SimNode leader = anyLeader();
        if (leader == null) {
            return;
        }
        Status st = leader.rawNode.status();
        List<Long> voters = st.voters();
        List<Long> others = ids.stream().filter(i -> !voters.contains(i)).toList();
        if (!st.votersOutgoing().isEmpty() || (!others.isEmpty() && random.nextInt(3) == 0)) {
            proposeJoint(leader, st.votersOutgoing().isEmpty() ? replace(pick(voters), pick(others))
                    : ConfChangeV2.getDefaultInstance());
            return;
        }
        ConfChange cc;
        if (!others.isEmpty() && (voters.size() <= 2 || random.nextBoolean())) {
            cc = ConfChange.newBuilder().setChangeType(ConfChangeType.ADD_NODE).setNodeId(pick(others)).build();
        } else if (voters.size() > 2) {
            cc = ConfChange.newBuilder().setChangeType(ConfChangeType.REMOVE_NODE).setNodeId(pick(voters)).build();
        } else {
            return;
        }
        try {
            leader.rawNode.proposeConfChange(cc);
            stats.confChanges++;
        } catch (ProposalDroppedException e) {
            stats.proposalsDropped++;
        }
    }

    private ConfChangeV2 replace(long out, long in) {
        ConfChangeTransition[] ts = {ConfChangeTransition.CONF_CHANGE_TRANSITION_AUTO,
                ConfChangeTransition.CONF_CHANGE_TRANSITION_JOINT_IMPLICIT,
                ConfChangeTransition.CONF_CHANGE_TRANSITION_JOINT_EXPLICIT};
        return ConfChangeV2.newBuilder().setTransition(ts[random.nextInt(ts.length)])
                .addChanges(ConfChangeSingle.newBuilder().setChangeType(ConfChangeType.ADD_NODE).setNodeId(in))
                .addChanges(ConfChangeSingle.newBuilder().setChangeType(ConfChangeType.REMOVE_NODE).setNodeId(out))
                .build();
    }

    private void proposeJoint(SimNode leader, ConfChangeV2 cc) {
        try {
            leader.rawNode.proposeConfChange(cc);
            stats.confChanges++;
            stats.jointChanges++;
        } catch (ProposalDroppedException e) {
            stats.proposalsDropped++;
        }
    }

    /** Asks a random live node for a read point; the checker verifies the answer is not stale. */
    private void readIndex() {
        SimNode n = nodes.get(pick(ids));
        if (!n.up()) {
            return;
        }
        ByteString ctx = ByteString.copyFromUtf8("r" + (reads++));
        try {
            n.rawNode.readIndex(ctx);
            checker.onReadIssued(ctx);
        } catch (ProposalDroppedException e) {
            // no leader known: a normal outcome
        }
    }

    /** Proposes on whichever node believes it leads; a refused proposal is a normal outcome. */
    private ByteString propose(String value) {
        SimNode leader = anyLeader();
        if (leader == null) {
            return null;
        }
        ByteString data = ByteString.copyFromUtf8(value);
        try {
            if (random.nextInt(4) == 0) {
                leader.rawNode.proposeBatch(List.of(data, ByteString.copyFromUtf8(value + "b")));
            } else {
                leader.rawNode.propose(data);
            }
            stats.proposalsAccepted++;
            return data;
        } catch (ProposalDroppedException e) {
            stats.proposalsDropped++;
            return null;
        }
    }

    private SimNode anyLeader() {
        List<SimNode> leaders = new ArrayList<>();
        for (SimNode n : nodes.values()) {
            if (n.up() && n.rawNode.state() == StateType.LEADER) {
                leaders.add(n);
            }
        }
        return leaders.isEmpty() ? null : leaders.get(random.nextInt(leaders.size()));
    }

    private void tick() {
        now++;
        checker.setTime(now);
        for (SimNode n : nodes.values()) {
            if (n.up()) {
                n.rawNode.tick();
            }
        }
        for (int round = 0; round < ROUNDS_PER_TICK; round++) {
            for (SimNode n : nodes.values()) {
                if (n.up() && n.rawNode.hasReady()) {
                    if (faulty && random.nextDouble() < opt.crashRate / 20) {
                        crashInsideReady(n);
                        stats.crashes++;
                        continue;
                    }
                    for (Message m : n.handleReady(checker)) {
                        stats.messagesSent++;
                        if (!network.send(m, now)) {
                            reportIfSnapshot(m, false);
                        }
                    }
                }
            }
            checker.check(nodes.values());
            List<Message> lost = new ArrayList<>();
            for (Message m : network.due(now, lost)) {
                SimNode to = nodes.get(m.getTo());
                boolean delivered = to != null && to.up();
                if (delivered) {
                    to.rawNode.step(m);
                }
                reportIfSnapshot(m, delivered);
            }
            for (Message m : lost) {
                reportIfSnapshot(m, false);
            }
        }
        if (now % LOG_MATCHING_EVERY == 0) {
            checker.checkLogMatching(nodes.values());
        }
    }

    private void crashInsideReady(SimNode n) {
        int point = opt.crashInsideReady ? random.nextInt(3) : 1;
        switch (point) {
            case 0 -> n.rawNode = null; // before persisting: the Ready is lost whole
            case 1 -> n.crashAfterPersisting(checker);
            default -> {
                for (Message m : n.crashAfterSending(checker)) {
                    stats.messagesSent++;
                    if (!network.send(m, now)) {
                        reportIfSnapshot(m, false);
                    }
                }
            }
        }
    }

    /** As a real transport must: tell the sender how a snapshot it sent ended. */
    private void reportIfSnapshot(Message m, boolean delivered) {
        if (m.getMsgType() != MessageType.MSG_SNAPSHOT) {
            return;
        }
        SimNode from = nodes.get(m.getFrom());
        if (from.up()) {
            from.rawNode.reportSnapshot(m.getTo(), delivered);
        }
    }

    /**
     * Faults stop (every node up, no loss, no partition, delays of at most one tick): within
     * {@code healTicks} a leader must emerge and every voter of its configuration must apply
     * a probe entry it proposed (re-proposed every 20 ticks until one makes it).
     */
    private void quietPhase() {
        faulty = false;
        network.heal();
        network.dropRate = 0;
        network.dupRate = 0;
        network.maxDelay = 1;
        for (SimNode n : nodes.values()) {
            if (!n.up()) {
                n.restarts++;
                start(n);
            }
        }
        long healedAt = now;
        ByteString marker = null;
        long proposedAt = 0;
        for (int t = 0; t < opt.healTicks; t++) {
            proposeRemoval();
            if (marker == null || now - proposedAt > 20) {
                ByteString m = propose("probe-" + t);
                if (m != null) {
                    marker = m;
                    proposedAt = now;
                }
            }
            tick();
            if (marker != null && appliedByEveryVoter(marker)) {
                stats.recovered(now - healedAt);
                if (opt.removeNode != Raft.NONE && nodes.get(opt.removeNode).storage.confState()
                        .getVotersList().contains(opt.removeNode)) {
                    stats.removedUnaware++;
                }
                return;
            }
        }
        StringBuilder states = new StringBuilder();
        for (SimNode n : nodes.values()) {
            states.append(' ').append(n.rawNode.status());
        }
        throw new InvariantViolation("liveness: no probe applied by every voter within " + opt.healTicks
                + " quiet ticks;" + states);
    }

    /** Whether {@code data} is applied on every voter of the configuration of a node that applied it. */
    private boolean appliedByEveryVoter(ByteString data) {
        SimNode holder = appliedAnywhere(data);
        if (holder == null || (opt.removeNode != Raft.NONE && !removalApplied())) {
            return false;
        }
        long index = -1;
        for (Entry e : holder.stateMachine) {
            if (e.getData().equals(data)) {
                index = e.getIndex();
            }
        }
        for (long v : holder.storage.confState().getVotersList()) {
            if (nodes.get(v).appliedIndex < index) {
                return false;
            }
        }
        return true;
    }

    /** A node that applied {@code data} among its last few entries, or null. */
    private SimNode appliedAnywhere(ByteString data) {
        for (SimNode n : nodes.values()) {
            List<Entry> sm = n.stateMachine;
            for (int i = sm.size() - 1; i >= 0 && i >= sm.size() - 8; i--) {
                if (sm.get(i).getData().equals(data)) {
                    return n;
                }
            }
        }
        return null;
    }

    private long pick(List<Long> from) {
        return from.get(random.nextInt(from.size()));
    }

    /** Facts about a finished run, for tests that want to see the faults really happened. */
    Map<Long, SimNode> nodes() {
        return nodes;
    }
}
