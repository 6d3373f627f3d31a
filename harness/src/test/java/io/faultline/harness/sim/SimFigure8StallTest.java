package io.faultline.harness.sim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.faultline.harness.run.RunStatus;
import io.faultline.sim.FaultProfile;
import io.faultline.kv.log.NodeLog;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The post-figure-8 stall (README), replayed from the first seed that shows it in
 * simulation (76 since the Raft core backtracks a term per round trip; 102 since
 * followers learn a commit from the next append or heartbeat; 25 before that, and 107
 * before the leader sent its appends ahead of its own sync; each change of the node moves
 * the schedules): with --unsafe-stale-leader-commit the leader commits an old-term entry by
 * counting, a later leader overwrites it elsewhere, and two nodes hold different committed
 * entries at one index. A follower then rejects every append at that index and answers
 * appends below its commit with its commit index, so the leader's probe goes back and
 * forth forever while heartbeats flow: the stall follows the safety violation. The
 * healthy node, under the same seed and faults, recovers.
 */
class SimFigure8StallTest {
    static final SimOptions FIGURE_8 = SimOptions.defaults().withFaults(
            FaultProfile.parse("isolate-leader,crash-after-commit", 400, 0.01, 0.005, 0.01));
    private static final long SEED = 76;

    @Test
    void theFlaggedNodeStallsOnlyAfterCommittedEntriesDiverged() {
        SimRun.Outcome o = SimRun.run(FIGURE_8.withNodeFlags(
                List.of("--unsafe-stale-leader-commit", "--i-know-this-is-unsafe")), SEED);
        assertEquals(RunStatus.VIOLATION, o.status(), o.why());
        assertTrue(o.why().startsWith("Raft safety: index 18 committed in term 2 on n3 but in term 1 on n2"), o.why());
        assertFalse(o.unread().isEmpty(), "the cluster stalls after the divergence: " + o.why());
        String divergence = o.nemesisLog().stream().filter(l -> l.contains("Raft safety")).findFirst().orElseThrow();
        assertTrue(divergence.trim().startsWith("8.900 s"), "diverged before the workload ended: " + divergence);
        assertTrue(o.nodeLogs().values().stream().anyMatch(l -> l.contains(NodeLog.SAFETY_VIOLATION)),
                "a node refusing to overwrite its committed entry says so in its log");
    }

    @Test
    void theHealthyNodeRecoversUnderTheSameSeedAndFaults() {
        SimRun.Outcome o = SimRun.run(FIGURE_8, SEED);
        assertEquals(RunStatus.LINEARIZABLE, o.status(), o.why());
        assertTrue(o.nodeLogs().values().stream().noneMatch(l -> l.contains(NodeLog.SAFETY_VIOLATION)), o.why());
    }
}
