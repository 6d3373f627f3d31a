package io.faultline.harness.sim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.faultline.checker.history.Op;
import io.faultline.harness.nemesis.FaultPackages;
import io.faultline.harness.nemesis.NemesisPlan;
import io.faultline.harness.run.RunStatus;
import io.faultline.sim.FaultProfile;
import io.faultline.sim.SimCluster;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * clock-skew and link-dup in simulation (`sim --nemesis clock-skew,link-dup`): each plays on the
 * simulated node, what it applied (the rate, the probability) is in the history's nemesis ops,
 * the nemesis log and the report, the duplication bites, and the healthy node stays linearizable.
 */
class SimClockSkewAndLinkDupTest {
    private static final Pattern SENT_TWICE = Pattern.compile("(\\d+) messages sent twice, (\\d+) delivered");

    @Test
    void bothPlayAndWhatTheyAppliedIsInTheHistoryTheLogAndTheReport(@TempDir Path root) throws Exception {
        SimOptions options = SimOptions.defaults().withTimeLimit(Duration.ofSeconds(30))
                .withFaults(FaultProfile.parse("none", 1500, 0.01, 0.005, 0.01))
                .withNemesis(new NemesisPlan(FaultPackages.parse("clock-skew,link-dup"), Duration.ofSeconds(6),
                        Duration.ofSeconds(4)));
        SimRun.Outcome o = SimRun.run(options, 4);
        String log = String.join("\n", o.nemesisLog());
        assertEquals(RunStatus.LINEARIZABLE, o.status(), o.why() + "\n" + log);
        assertEquals(o.planned(), o.faults().size(), "every planned fault played: " + log);

        List<Op> nemesis = o.history().stream().filter(Op::isNemesis).toList();
        int skews = 0;
        int dups = 0;
        for (Op op : nemesis) {
            if (op.f().equals("start-clock-skew")) {
                skews++;
                double rate = ((Number) op.extra().get("clock-rate")).doubleValue();
                assertTrue(rate >= 0.25 && rate <= 4, op.toString());
                assertTrue(((Map<?, ?>) op.extra().get("nodes")).containsValue("clock-skewed"), op.toString());
                assertTrue(log.contains(String.format(java.util.Locale.ROOT, "%.2fx", rate)), log);
            } else if (op.f().equals("stop-link-dup")) {
                dups++;
                double p = ((Number) op.extra().get("probability")).doubleValue();
                assertTrue(List.of(0.1, 0.25, 0.5).contains(p), op.toString());
                Matcher m = SENT_TWICE.matcher((String) op.extra().get("duplicated"));
                assertTrue(m.find(), op.toString());
                long twice = Long.parseLong(m.group(1));
                long delivered = Long.parseLong(m.group(2));
                // Each message sent is sent again with p: about p/(1+p) of what arrives is a second copy.
                double share = (double) twice / delivered;
                assertTrue(share > p / (1 + p) / 2 && share < 1.5 * p / (1 + p),
                        "p " + p + ": " + twice + " sent twice of " + delivered + " delivered");
                assertTrue(log.contains("duplicate peer messages with probability " + p), log);
            }
        }
        assertTrue(skews >= 2 && dups >= 2, skews + " skews, " + dups + " duplications: " + log);

        Path dir = SimRunDirectory.write(root, options, o, "test");
        String html = Files.readString(dir.resolve("report.html"));
        assertTrue(html.contains("duplicate peer messages with probability"), "the fault table shows the probability");
        assertTrue(html.contains("x (fast)") || html.contains("x (slow)"), "the fault table shows the rate");
    }

    @Test
    void theActuatorsSetTheNodesClockAndTheNetworksDuplicationAndTheHealEndsIt() {
        SimCluster cluster = new SimCluster(1, 3, List.of(), FaultProfile.parse("none", 1500, 0.01, 0.005, 0.01).network());
        var base = cluster.network().profile();
        SimFaults faults = new SimFaults(cluster, () -> false);
        faults.clockRate(2, 3.5);
        assertEquals(3.5, cluster.node(2).tickRate());
        assertEquals(1.0, cluster.node(1).tickRate(), "one node only");
        faults.clockRate(2, 1);
        assertEquals(1.0, cluster.node(2).tickRate());

        faults.loss(0.2);
        faults.duplicateLinks(0.5, 7);
        assertEquals(0.5, cluster.network().profile().duplicate());
        assertEquals(0.2, cluster.network().profile().drop(), "the duplication kept the loss");
        faults.healNetwork();
        assertEquals(base, cluster.network().profile());
    }
}
