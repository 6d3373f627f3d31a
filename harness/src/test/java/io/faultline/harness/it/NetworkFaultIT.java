package io.faultline.harness.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.faultline.harness.cluster.Cluster;
import io.faultline.harness.cluster.ClusterSpec;
import io.faultline.harness.system.faultline.FaultlineSystem;
import io.faultline.harness.cluster.DockerResources;
import io.faultline.harness.cluster.Labels;
import io.faultline.harness.cluster.NodeContainer;
import io.faultline.harness.nemesis.Connectivity;
import io.faultline.harness.nemesis.DockerFaults;
import io.faultline.harness.nemesis.PartitionShape;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The faults do on real containers what they claim: every partition shape cuts
 * exactly the links its graph lacks (probed with TCP connects between the nodes'
 * peer ports), loss drops packets, kill/restart and pause/resume act on the node.
 */
class NetworkFaultIT {
    private static final String RUN = "it-net-" + System.currentTimeMillis();
    private static Cluster cluster;
    private static DockerFaults faults;

    @BeforeAll
    static void start() throws Exception {
        // Leftovers of a "crashed" run: labelled, owned by a pid that does not exist.
        String crashed = RUN + "-crashed";
        DockerResources.client().createNetworkCmd().withName("faultline-" + crashed)
                .withLabels(Map.of(Labels.FAULTLINE, "true", Labels.RUN, crashed, Labels.OWNER_PID, "999999999")).exec();
        DockerResources.client().createVolumeCmd().withName("faultline-" + crashed + "-n1-data")
                .withLabels(Map.of(Labels.FAULTLINE, "true", Labels.RUN, crashed, Labels.OWNER_PID, "999999999")).exec();
        assertEquals(2, DockerResources.count(Labels.RUN, crashed).total());
        cluster = Cluster.start(ClusterSpec.of(5), RUN, m -> System.out.println("[it] " + m));
        cluster.startNodes();
        cluster.health().awaitLeader(Duration.ofSeconds(60));
        faults = new DockerFaults(cluster);
        faults.install();
        assertEquals(0, DockerResources.count(Labels.RUN, crashed).total(), "a new run sweeps crashed runs' leftovers");
    }

    @AfterAll
    static void stop() {
        if (cluster != null) cluster.close();
        assertEquals(0, DockerResources.count(Labels.RUN, Cluster.dockerName(RUN)).total(), "the cluster is removed by its label");
    }

    /** Who reaches whose peer port, probed from inside every container at once. */
    private static Map<Integer, Set<Integer>> probe() {
        Map<Integer, Set<Integer>> reach = new ConcurrentHashMap<>();
        cluster.parallel(n -> {
            StringBuilder script = new StringBuilder();
            for (NodeContainer peer : cluster.nodes()) {
                if (peer.id() == n.id()) continue;
                script.append("(timeout 1 bash -c '</dev/tcp/").append(peer.name()).append('/')
                        .append(FaultlineSystem.PEER_PORT).append("' 2>/dev/null && echo ").append(peer.id()).append(") & ");
            }
            script.append("wait");
            Set<Integer> ok = new TreeSet<>();
            ok.add(n.id());
            for (String line : n.exec("bash", "-c", script.toString()).split("\\s+")) {
                if (!line.isBlank()) ok.add(Integer.parseInt(line.trim()));
            }
            reach.put(n.id(), ok);
        });
        return new TreeMap<>(reach);
    }

    private static Map<Integer, Set<Integer>> views(Connectivity g) {
        Map<Integer, Set<Integer>> m = new TreeMap<>();
        for (int n : g.nodes()) m.put(n, g.view(n));
        return m;
    }

    @Test
    void everyPartitionShapeCutsExactlyWhatItsGraphLacks() {
        List<Integer> order = List.of(3, 1, 5, 2, 4);
        assertEquals(views(Connectivity.complete(order)), probe(), "whole before any fault");
        for (PartitionShape shape : PartitionShape.values()) {
            Connectivity g = shape.build(order);
            faults.partition(g);
            assertEquals(views(g), probe(), shape + ": " + g.describe());
            faults.healNetwork();
        }
        assertEquals(views(Connectivity.complete(order)), probe(), "whole after healing");
    }

    @Test
    void totalLossDropsEverythingBetweenPeersAndHealingRestoresIt() {
        faults.loss(1.0);
        assertTrue(faults.rules(1).contains("statistic"), faults.rules(1));
        probe().forEach((n, seen) -> assertEquals(Set.of(n), seen, "n" + n + " reaches no one"));
        faults.healNetwork();
        probe().forEach((n, seen) -> assertEquals(5, seen.size()));
    }

    @Test
    void killRestartPauseResumeActOnTheNodeProcess() throws Exception {
        NodeContainer n2 = cluster.node(2);
        assertTrue(n2.nodeRunning());
        faults.kill(2);
        assertFalse(n2.nodeRunning(), "SIGKILL ends the node process");
        faults.restart(2);
        assertTrue(n2.nodeRunning());
        faults.pause(2);
        assertTrue(n2.exec("sh", "-c", "ps -o stat= -p $(pgrep -f '[i]o.faultline.node.NodeMain')").trim().startsWith("T"),
                "SIGSTOP stops it");
        faults.resume(2);
        assertFalse(n2.exec("sh", "-c", "ps -o stat= -p $(pgrep -f '[i]o.faultline.node.NodeMain')").trim().startsWith("T"));
        var recovery = cluster.health().awaitRecovery(Duration.ofSeconds(30));
        assertTrue(recovery.recovered(), "the restarted node rejoins: " + recovery.evidence());
    }

    /**
     * clock-skew and link-dup through the node's Admin API: the node logs its clock rate, and
     * each node counts the frames it delivered twice while duplication was on; the heal turns it off.
     */
    @Test
    void theClockRateAndFrameDuplicationReachTheNodesAndTheHealEndsDuplication() throws Exception {
        faults.clockRate(2, 4);
        faults.clockRate(2, 1);
        String log = String.join("\n", cluster.node(2).logLines());
        assertTrue(log.contains("clock rate 4.0x (was 1.0x)") && log.contains("clock rate 1.0x (was 4.0x)"), log);

        assertEquals("n1: was off; n2: was off; n3: was off; n4: was off; n5: was off", faults.duplicateLinks(0.5, 7));
        Thread.sleep(1500); // heartbeats flow meanwhile (no wall-clock assertion: any frame counts)
        String tally = faults.duplicateLinks(0.5, 8);
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("n1: (\\d+) of (\\d+) frames twice").matcher(tally);
        assertTrue(m.find() && Integer.parseInt(m.group(2)) > 0, tally);
        faults.healNetwork();
        assertEquals("n1: was off; n2: was off; n3: was off; n4: was off; n5: was off", faults.duplicateLinks(0, 0),
                "the heal turned it off");
    }
}
