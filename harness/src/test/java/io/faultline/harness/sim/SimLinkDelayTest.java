package io.faultline.harness.sim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.faultline.checker.history.Op;
import io.faultline.harness.nemesis.FaultPackages;
import io.faultline.harness.nemesis.NemesisPlan;
import io.faultline.harness.run.RunStatus;
import io.faultline.sim.FaultProfile;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * link-delay in simulation: while it lasts every operation takes at least a round trip of the
 * drawn delay (a write's append and its answer, a read's heartbeat round), in virtual time;
 * the delay is in the history's nemesis ops; nothing is lost.
 */
class SimLinkDelayTest {
    @Test
    void everyOperationDuringTheFaultTakesARoundTripOfTheDelayAndTheDelayIsRecorded() {
        SimOptions options = SimOptions.defaults().withTimeLimit(Duration.ofSeconds(30))
                .withFaults(FaultProfile.parse("none", 1500, 0.01, 0.005, 0.01))
                .withNemesis(new NemesisPlan(FaultPackages.parse("link-delay"), Duration.ofSeconds(6), Duration.ofSeconds(3)));
        SimRun.Outcome o = SimRun.run(options, 2);
        assertEquals(RunStatus.LINEARIZABLE, o.status(), o.why());
        List<Op> nemesis = o.history().stream().filter(Op::isNemesis).toList();
        assertTrue(nemesis.size() >= 4, nemesis.toString());
        int checked = 0;
        for (int i = 0; i + 1 < nemesis.size(); i += 2) {
            Op start = nemesis.get(i);
            Op stop = nemesis.get(i + 1);
            assertEquals("start-link-delay", start.f());
            long delayNanos = ((Number) start.extra().get("delay-ms")).longValue() * 1_000_000;
            assertTrue(start.extra().containsKey("jitter-ms"), start.toString());
            Map<Long, Op> invoked = new HashMap<>();
            for (Op op : o.history()) {
                if (op.isNemesis()) continue;
                if (op.type() == Op.Type.INVOKE) {
                    invoked.put(op.process(), op);
                } else if (op.type() == Op.Type.OK) {
                    Op inv = invoked.remove(op.process());
                    if (inv == null || inv.time() < start.time() || op.time() > stop.time()) continue;
                    assertTrue(op.time() - inv.time() >= 2 * delayNanos,
                            "inside a " + delayNanos / 1_000_000 + " ms delay, an op took " + (op.time() - inv.time()) / 1_000_000
                                    + " ms: " + inv + " -> " + op);
                    checked++;
                }
            }
        }
        assertTrue(checked > 100, "ops checked inside the faults: " + checked);
    }

    @Test
    void lossAndDelayInEffectTogetherKeepEachOtherAndTheHealEndsBoth() {
        io.faultline.sim.SimCluster cluster = new io.faultline.sim.SimCluster(1, 3, List.of(),
                FaultProfile.parse("none", 1500, 0.01, 0.005, 0.01).network());
        var base = cluster.network().profile();
        SimFaults faults = new SimFaults(cluster, () -> false);
        faults.loss(0.3);
        faults.delayLinks(100, 50, 7);
        assertEquals(0.3, cluster.network().profile().drop(), "the delay kept the loss");
        assertEquals(100_000_000L, cluster.network().profile().minLatencyNanos());
        faults.loss(0.2);
        assertEquals(100_000_000L, cluster.network().profile().minLatencyNanos(), "the loss kept the delay");
        faults.healNetwork();
        assertEquals(base, cluster.network().profile());
    }
}
