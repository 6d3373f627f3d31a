package io.faultline.raft;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/**
 * Thousands of seeded runs of the fault-injecting simulator. A failure prints the
 * seed; replay it with {@code -Dfaultline.sim.seed=N} (and {@code -Dfaultline.sim.nodes=3|5}).
 * {@code -Dfaultline.sim.seeds=N} runs more seeds.
 */
class ClusterSimulatorTest {

    private static final int SEEDS = Integer.getInteger("faultline.sim.seeds", 2000);

    private static SimStats runSeeds(int nodes, int count, long base) {
        SimStats total = new SimStats();
        Long only = Long.getLong("faultline.sim.seed");
        Integer onlyNodes = Integer.getInteger("faultline.sim.nodes");
        if (only != null) {
            if (onlyNodes == null || onlyNodes == nodes) {
                new ClusterSimulator(only, SimOptions.standard(nodes)).run();
            }
            return null;
        }
        long t0 = System.nanoTime();
        for (long seed = base; seed < base + count; seed++) {
            ClusterSimulator sim = new ClusterSimulator(seed, SimOptions.standard(nodes));
            sim.run();
            total.add(sim.stats);
        }
        System.out.printf("simulator: %d seeds of %d nodes in %.1f s: %s%n", count, nodes,
                (System.nanoTime() - t0) / 1e9, total);
        return total;
    }

    /** The runs must really have been faulty and still made progress, or passing proves nothing. */
    private static void assertFaultsHappened(SimStats s) {
        if (s == null) {
            return; // replaying one seed
        }
        assertTrue(s.crashes > s.runs / 2, "crashes: " + s);
        assertTrue(s.restarts > 0, "restarts: " + s);
        assertTrue(s.partitions > s.runs, "partitions: " + s);
        assertTrue(s.snapshotsRestored > 0, "snapshots restored: " + s);
        assertTrue(s.transfers > 0, "transfers: " + s);
        assertTrue(s.confChanges > s.runs, "conf changes: " + s);
        assertTrue(s.readsAnswered > s.runs, "reads answered: " + s);
        assertTrue(s.proposalsDropped > 0, "dropped proposals: " + s);
        assertTrue(s.entriesApplied > 10 * s.runs, "applied entries: " + s);
        assertTrue(s.maxTerm > 5, "elections: " + s);
    }

    @Test
    void threeNodeClustersStaySafeAndLive() {
        assertFaultsHappened(runSeeds(3, SEEDS, 0));
    }

    @Test
    void fiveNodeClustersStaySafeAndLive() {
        assertFaultsHappened(runSeeds(5, SEEDS / 2, 1_000_000));
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
