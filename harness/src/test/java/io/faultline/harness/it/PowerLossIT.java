package io.faultline.harness.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.faultline.checker.history.Op;
import io.faultline.harness.client.Completion;
import io.faultline.harness.cluster.Cluster;
import io.faultline.harness.cluster.ClusterSpec;
import io.faultline.harness.cluster.NodeContainer;
import io.faultline.harness.generator.KvOp;
import io.faultline.harness.generator.OpKind;
import io.faultline.harness.nemesis.DockerFaults;
import io.faultline.harness.nemesis.PowerLossFault;
import io.faultline.harness.nemesis.Struck;
import io.faultline.harness.system.SystemClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.opentest4j.AssertionFailedError;

/**
 * Power loss on real containers of the Faultline node, their data directories on the
 * power-loss file system: a file written without fsync is gone after a power loss and a
 * synced one is whole; a plain kill (the page cache survives) does not pass that check,
 * so the check can fail; and the cluster comes back from a power loss of every node with
 * every acknowledged write (the healthy node syncs before it acknowledges).
 */
class PowerLossIT {
    private static final String RUN = "it-power-" + System.currentTimeMillis();
    private static Cluster cluster;
    private static DockerFaults faults;

    @BeforeAll
    static void start() throws Exception {
        cluster = Cluster.start(ClusterSpec.of(3).withPowerLossFs(true), RUN, m -> System.out.println("[it] " + m));
        cluster.startNodes();
        cluster.awaitLeader(Duration.ofSeconds(90));
        faults = new DockerFaults(cluster);
        faults.install();
    }

    @AfterAll
    static void stop() {
        if (cluster != null) cluster.close();
    }

    /** Writes one file synced and one not, next to the node's data. */
    private static void writeProbes(NodeContainer n) {
        n.exec("sh", "-c", "printf synced > /data/probe-synced && sync /data/probe-synced"
                + " && printf unsynced > /data/probe-unsynced");
    }

    /** What the probes hold now; a missing file reads as "(none)". */
    private static List<String> probes(NodeContainer n) {
        return List.of(n.exec("sh", "-c", "cat /data/probe-synced 2>/dev/null || echo '(none)'").strip(),
                n.exec("sh", "-c", "cat /data/probe-unsynced 2>/dev/null || echo '(none)'").strip());
    }

    /** The synced probe is whole and the unsynced one lost its bytes (its name was metadata: it stays, empty). */
    private static void assertPowerLost(NodeContainer n) {
        assertEquals(List.of("synced", ""), probes(n), n.name() + ": synced survives, unsynced is dropped");
    }

    @Test
    void anUnsyncedWriteIsDroppedAndASyncedOneSurvivesWhereAKillKeepsBoth() {
        NodeContainer n1 = cluster.node(1);
        writeProbes(n1);
        faults.kill(1); // a kill: the process dies, the page cache (the file system's memory) stays
        AssertionFailedError kept = assertThrows(AssertionFailedError.class, () -> assertPowerLost(n1),
                "a plain kill must fail the power-loss check: the unsynced write is still there");
        assertTrue(kept.getMessage().contains("unsynced"), kept.getMessage());
        faults.restart(1);

        writeProbes(n1);
        String answer = faults.powerOff(1, OptionalLong.empty());
        assertTrue(answer.startsWith("ok dropped ") && answer.contains("/probe-unsynced unsynced=8 kept=0 lost=8"), answer);
        assertPowerLost(n1);
        faults.restart(1);
    }

    @Test
    void everyAcknowledgedWriteSurvivesAPowerLossOfTheWholeCluster() throws Exception {
        List<String> written = new ArrayList<>();
        try (SystemClient client = cluster.session().client(Duration.ofSeconds(10), 1)) {
            for (int i = 0; i < 20; i++) {
                Completion c = client.invoke(new KvOp("put", OpKind.WRITE, "pk" + i, "pk" + i, "v" + i));
                if (c.type() == Op.Type.OK) written.add("pk" + i);
            }
        }
        assertTrue(written.size() >= 10, "acknowledged: " + written);
        int leader = cluster.awaitLeader(Duration.ofSeconds(30));
        PowerLossFault all = new PowerLossFault(List.of(1, 2, 3), OptionalLong.empty());
        Struck struck = all.start(faults, leader, m -> System.out.println("[it] " + m));
        // The power really went out on the file system (a plain kill would keep the page cache and pass below).
        Map<?, ?> lost = (Map<?, ?>) struck.extra().get(PowerLossFault.LOST);
        assertEquals(java.util.Set.of("n1", "n2", "n3"), lost.keySet(), "every node's file system dropped: " + lost);
        lost.values().forEach(what -> assertTrue(String.valueOf(what).startsWith("dropped "), "powerfs answered: " + what));
        all.stop(faults, struck, m -> System.out.println("[it] " + m));
        cluster.awaitLeader(Duration.ofSeconds(90));
        try (SystemClient client = cluster.session().client(Duration.ofSeconds(10), 1)) {
            for (String key : written) {
                Completion c = null;
                for (int attempt = 0; attempt < 30 && (c == null || c.type() != Op.Type.OK); attempt++) {
                    if (attempt > 0) Thread.sleep(500);
                    c = client.invoke(new KvOp("get", OpKind.READ, key, key, null));
                }
                assertEquals(Op.Type.OK, c.type(), key + ": " + c);
                assertEquals("v" + key.substring(2), c.value(), key + " after the power loss");
            }
        }
    }
}
