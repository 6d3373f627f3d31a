package io.faultline.raft;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/**
 * Thousands of seeded runs of the fault-injecting simulator. A failure prints the
 * seed; replay it with {@code -Dtest=ClusterSimulatorTest -Dfaultline.sim.seed=N} (3-node seeds
 * start at 0, 5-node at 1,000,000, hostile 5-node at 2,000,000, 3-node without PreVote and
 * CheckQuorum at 3,000,000).
 * {@code -Dfaultline.sim.seeds=N} runs more seeds.
 */
class ClusterSimulatorTest {

    private static final int SEEDS = Integer.getInteger("faultline.sim.seeds", 2000);

    private static final int NO_LEASE_SEEDS = Integer.getInteger("faultline.sim.noLeaseSeeds", 500);
    private static final int HOSTILE_SEEDS = Integer.getInteger("faultline.sim.hostileSeeds", 300);

    /** Lossy, slow, often partitioned and crashing; one entry per append. */
    static SimOptions hostile(int nodes) {
        return SimOptions.standard(nodes).with(k -> {
            k.dropRate = 0.3;
            k.dupRate = 0.1;
            k.maxDelay = 5;
            k.partitionRate = 0.1;
            k.crashRate = 0.05;
            k.maxSizePerMsg = 1;
        });
    }

    private static SimStats runSeeds(int nodes, int count, long base) {
        return runSeeds(SimOptions.standard(nodes), count, base);
    }

    private static SimStats runSeeds(SimOptions opt, int count, long base) {
        int nodes = opt.nodes;
        SimStats total = new SimStats();
        Long only = Long.getLong("faultline.sim.seed");
        if (only != null) {
            // replay: the seed ranges do not overlap, so the seed tells which profile ran it
            if (only >= base && only < base + count) {
                new ClusterSimulator(only, opt).run();
            }
            return null;
        }
        long t0 = System.nanoTime();
        for (long seed = base; seed < base + count; seed++) {
            ClusterSimulator sim = new ClusterSimulator(seed, opt);
            sim.run();
            total.add(sim.stats);
        }
        System.out.printf("simulator: %d seeds of %d nodes in %.1f s: %s%n", count, nodes,
                (System.nanoTime() - t0) / 1e9, total);
        return total;
    }

    /** The runs must really have been faulty and still made progress, or passing proves nothing. */
    private static void assertFaultsHappened(SimStats s) {
        if (s == null || s.runs < 100) {
            return; // replaying one seed, or too few runs for the averages to mean anything
        }
        assertTrue(s.crashes > s.runs / 2, "crashes: " + s);
        assertTrue(s.restarts > 0, "restarts: " + s);
        assertTrue(s.partitions > s.runs, "partitions: " + s);
        assertTrue(s.snapshotsRestored > 0, "snapshots restored: " + s);
        assertTrue(s.transfers > 0, "transfers: " + s);
        assertTrue(s.confChanges > s.runs / 5, "conf changes: " + s);
        assertTrue(s.readsAnswered > s.runs / 2, "reads answered: " + s);
        assertTrue(s.proposalsDropped > 0, "dropped proposals: " + s);
        assertTrue(s.entriesApplied > 10 * s.runs, "applied entries: " + s);
        assertTrue(s.maxTerm > 5, "elections: " + s);
    }

    @Test
    void threeNodeClustersStaySafeAndLive() {
        assertMembershipChurned(runSeeds(3, SEEDS, 0));
    }

    @Test
    void fiveNodeClustersStaySafeAndLive() {
        assertMembershipChurned(runSeeds(5, SEEDS / 2, 1_000_000));
    }

    /** As {@link #assertFaultsHappened}, and some of the membership changes went through joint configurations. */
    private static void assertMembershipChurned(SimStats s) {
        assertFaultsHappened(s);
        if (s != null && s.runs >= 100) {
            assertTrue(s.jointChanges > s.runs / 20, "joint changes: " + s);
        }
    }

    @Test
    void hostileNetworksStaySafeAndLive() {
        assertFaultsHappened(runSeeds(hostile(5), HOSTILE_SEEDS, 2_000_000));
    }

    @Test
    void clustersWithoutPreVoteOrCheckQuorumStaySafeAndLive() {
        // Without PreVote a node stuck on an outdated membership keeps bumping terms in
        // futile campaigns and can stay in lockstep with the node that could win for a
        // while: Raft's liveness is only probabilistic, so give the quiet phase more time.
        assertFaultsHappened(runSeeds(SimOptions.standard(3).with(k -> {
                    k.preVoteAndCheckQuorum = false;
                    k.healTicks = 600;
                }),
                NO_LEASE_SEEDS, 3_000_000));
    }

    @Test
    void aRunReplaysExactlyFromItsSeed() {
        ClusterSimulator a = new ClusterSimulator(42, SimOptions.standard(3));
        ClusterSimulator b = new ClusterSimulator(42, SimOptions.standard(3));
        a.run();
        b.run();
        for (long id = 1; id <= 3; id++) {
            assertTrue(a.nodes().get(id).stateMachine.equals(b.nodes().get(id).stateMachine));
            assertTrue(a.nodes().get(id).rawNode.status().equals(b.nodes().get(id).rawNode.status()));
        }
    }
}
