package io.faultline.raft;

import com.google.protobuf.ByteString;
import io.faultline.raft.pb.Entry;
import io.faultline.raft.pb.Message;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;

/**
 * A deterministic cluster of {@link RawNode}s over {@link SimNetwork}: a fault phase
 * (drops, duplicates, delays, reordering, partitions, crashes and restarts from
 * storage, snapshots, leader transfers, client proposals), then a quiet phase in
 * which a leader must emerge and a fresh proposal must commit. Every choice comes
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
    final SimStats stats = new SimStats();

    ClusterSimulator(long seed, SimOptions opt) {
        this.seed = seed;
        this.opt = opt;
        this.random = new SplittableRandom(seed);
        this.network = new SimNetwork(random, opt.dropRate(), opt.dupRate(), opt.maxDelay());
        for (long id = 1; id <= opt.nodes(); id++) {
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
            for (int t = 0; t < opt.faultTicks(); t++) {
                injectFaults();
                tick();
            }
            quietPhase();
            checker.checkLogMatching(nodes.values());
            stats.runs = 1;
            stats.ticks = now;
            for (SimNode n : nodes.values()) {
                stats.entriesApplied += n.appliedIndex;
                stats.snapshotsRestored += n.snapshotsRestored;
                stats.maxTerm = Math.max(stats.maxTerm, n.rawNode.term());
            }
        } catch (InvariantViolation v) {
            throw new InvariantViolation("seed " + seed + " (" + opt + "): " + v.getMessage());
        }
    }

    private void start(SimNode n) {
        RaftConfig cfg = RaftConfig.defaults(n.id, n.storage)
                .withApplied(n.appliedIndex)
                .withMaxSizePerMsg(opt.maxSizePerMsg())
                .withRandomSeed(seed * 1_000_003L + n.id * 101L + n.restarts);
        n.rawNode = new RawNode(cfg);
        n.rawNode.raft().unsafeCommitAnyTerm = opt.breakCommitRule();
        n.rawNode.raft().unsafeVoteIgnoringLog = opt.breakVoteRule();
    }

    private void injectFaults() {
        if (random.nextDouble() < opt.partitionRate()) {
            if (network.partitioned()) {
                network.heal();
            } else {
                network.partition(ids);
                stats.partitions++;
            }
        }
        if (random.nextDouble() < opt.crashRate()) {
            SimNode n = nodes.get(pick(ids));
            if (n.up()) {
                stats.crashes++;
            }
            n.rawNode = null; // volatile state is lost; storage and state machine remain
        }
        if (random.nextDouble() < opt.restartRate()) {
            SimNode n = nodes.get(pick(ids));
            if (!n.up()) {
                n.restarts++;
                stats.restarts++;
                start(n);
            }
        }
        if (random.nextDouble() < opt.snapshotRate()) {
            SimNode n = nodes.get(pick(ids));
            if (n.snapshotAndCompact(random.nextInt(4))) {
                stats.snapshotsTaken++;
            }
        }
        if (random.nextDouble() < opt.transferRate()) {
            SimNode leader = anyLeader();
            if (leader != null) {
                leader.rawNode.transferLeader(pick(ids));
                stats.transfers++;
            }
        }
        if (random.nextDouble() < opt.proposeRate()) {
            propose("p" + (proposals++));
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
                    for (Message m : n.handleReady(checker)) {
                        network.send(m, now);
                        stats.messagesSent++;
                    }
                }
            }
            checker.check(nodes.values());
            for (Message m : network.due(now)) {
                SimNode to = nodes.get(m.getTo());
                if (to != null && to.up()) {
                    to.rawNode.step(m);
                }
            }
        }
        if (now % LOG_MATCHING_EVERY == 0) {
            checker.checkLogMatching(nodes.values());
        }
    }

    /** Faults stop: within {@code healTicks} a leader must emerge and commit a new proposal. */
    private void quietPhase() {
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
        ByteString marker = null;
        long proposedAt = 0;
        for (int t = 0; t < opt.healTicks(); t++) {
            if (marker == null || now - proposedAt > 20) {
                ByteString m = propose("final-" + t);
                if (m != null) {
                    marker = m;
                    proposedAt = now;
                }
            }
            tick();
            if (marker != null && appliedAnywhere(marker)) {
                return;
            }
        }
        StringBuilder states = new StringBuilder();
        for (SimNode n : nodes.values()) {
            states.append(' ').append(n.rawNode.status());
        }
        throw new InvariantViolation("liveness: no proposal committed within " + opt.healTicks()
                + " quiet ticks;" + states);
    }

    private boolean appliedAnywhere(ByteString data) {
        for (SimNode n : nodes.values()) {
            List<Entry> sm = n.stateMachine;
            for (int i = sm.size() - 1; i >= 0 && i >= sm.size() - 8; i--) {
                if (sm.get(i).getData().equals(data)) {
                    return true;
                }
            }
        }
        return false;
    }

    private long pick(List<Long> from) {
        return from.get(random.nextInt(from.size()));
    }

    /** Facts about a finished run, for tests that want to see the faults really happened. */
    Map<Long, SimNode> nodes() {
        return nodes;
    }
}
