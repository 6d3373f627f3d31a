package io.faultline.harness.ssh;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.faultline.checker.history.Op;
import io.faultline.harness.cluster.PowerLossFs;
import io.faultline.harness.junit.ChaosResult;
import io.faultline.harness.junit.ChaosTest;
import io.faultline.harness.nemesis.Iptables;
import io.faultline.harness.run.RunStatus;
import io.faultline.harness.system.etcd.EtcdSystem;
import io.faultline.harness.system.faultline.FaultlineSystem;
import io.faultline.harness.system.nats.NatsSystem;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.sshd.client.SshClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * The chaos run on three hosts reached by SSH only (sshd containers; the test makes them with
 * Docker, the harness never touches Docker): the Faultline node and etcd each installed, run
 * under kill, pause, partition and (where the hosts have FUSE) power loss, found linearizable,
 * and every host left as it was found; NATS under kill, pause and partition. The same hosts serve every test.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class SshChaosIT {
    private static final Duration TIMEOUT = Duration.ofSeconds(20);

    @TempDir
    static Path dir;

    private static SshHostContainers hosts;
    private static SshClient client;
    private static boolean fuse;
    /** Each host's /tmp before any run: a run must leave it so. */
    private static final java.util.Map<String, String> tmpBefore = new java.util.HashMap<>();

    @BeforeAll
    static void start() throws Exception {
        fuse = Files.exists(Path.of(PowerLossFs.DEVICE));
        hosts = SshHostContainers.start(3, dir, fuse);
        client = SshClients.start(hosts.key(), SshClients.HostKeys.ANY, null);
        awaitSshd();
        for (HostAddress a : hosts.networkAddresses()) {
            try (SshHost h = SshHost.connect(client, a, TIMEOUT)) {
                tmpBefore.put(a.name(), h.exec("find /tmp | sort").out());
            }
        }
    }

    @AfterAll
    static void stop() {
        if (client != null) client.stop();
        if (hosts != null) {
            hosts.close();
            assertEquals(0, hosts.leftovers(), "no container or network left");
        }
    }

    @Test
    @Order(1)
    void aHostThatCannotBeReachedStopsTheRunBeforeAnythingStarts() throws Exception {
        List<String> list = new ArrayList<>(spelled(hosts.networkAddresses()));
        list.set(2, "h3=root@localhost:1");
        ChaosResult r = run(FaultlineSystem.NAME, String.join(",", list), "kill", 5, 1);
        assertEquals(RunStatus.SETUP_ERROR, r.status(), r.run().summary());
        assertTrue(r.run().summary().contains("h3 (h3=root@localhost:1): unreachable"), r.run().summary());
        assertTrue(r.run().summary().contains("nothing was started"), r.run().summary());
        for (HostAddress a : hosts.networkAddresses()) assertEquals(List.of(), leftovers(a), a.name());
    }

    @Test
    @Order(2)
    void theFaultlineNodeOnHostsIsLinearizableUnderFaultsAndLeavesNothing() throws Exception {
        chaos(FaultlineSystem.NAME, 20261206);
    }

    @Test
    @Order(3)
    void etcdOnHostsIsLinearizableUnderFaultsAndLeavesNothing() throws Exception {
        ChaosResult r = chaos(EtcdSystem.NAME, 20261207);
        assertTrue(Files.readString(r.directory().resolve("nodes/n1.log")).contains("etcd Version: 3.4"), "etcd's log");
    }

    /** NATS from the image's own package, on the same hosts, under the plain faults. */
    @Test
    @Order(4)
    void natsOnHostsIsLinearizableUnderFaultsAndLeavesNothing() throws Exception {
        ChaosResult r = chaos(NatsSystem.NAME, "kill,pause,partition", 24, 20261208);
        assertTrue(Files.readString(r.directory().resolve("nodes/n1.log")).contains("Starting nats-server"), "NATS's log");
    }

    /** The node's own faults (its clock rate, duplicated peer frames) reach it on hosts through its API, as in Docker. */
    @Test
    @Order(5)
    void theFaultlineNodeOnHostsTakesItsClockSkewAndLinkDuplication() throws Exception {
        ChaosResult r = chaos(FaultlineSystem.NAME, "clock-skew,link-dup", 14, 3);
        String log = Files.readString(r.directory().resolve("nemesis.log"));
        assertTrue(log.contains("frames twice"), "the nodes said what they duplicated: " + log);
    }

    /** Ctrl-C with a fault in effect: the run stops as interrupted, its logs fetched, every host clean. */
    @Test
    @Order(6)
    void ctrlCMidRunLeavesEveryHostAsItWasFound() throws Exception {
        Path out = dir.resolve("interrupted");
        Files.createDirectories(out);
        Path log = out.resolve("faultline.log");
        Process p = io.faultline.harness.it.CliRun.start(log, List.of("run", "--system", EtcdSystem.NAME,
                "--hosts", String.join(",", spelled(hosts.networkAddresses())), "--ssh-key", hosts.key().toString(),
                "--ssh-host-keys", "any", "--time-limit", "60s", "--nemesis", "partition,pause",
                "--nemesis-interval", "3s", "--fault-duration", "2500ms", "--seed", "4", "--no-progress",
                "--out", out.resolve("runs").toString()));
        try {
            Path history = io.faultline.harness.it.CliRun.awaitHistoryWithFaults(p, out.resolve("runs"), log, 120_000);
            io.faultline.harness.it.CliRun.interrupt(p);
            assertTrue(p.waitFor(90, java.util.concurrent.TimeUnit.SECONDS), "the harness exits after Ctrl-C");
            assertEquals(3, p.exitValue(), Files.readString(log));
            assertTrue(Files.readString(history.resolveSibling("result.json")).contains("\"interrupted\""));
            assertTrue(Files.size(history.resolveSibling("nodes").resolve("n1.log")) > 0, "node logs fetched");
        } finally {
            p.destroyForcibly();
        }
        for (HostAddress a : hosts.networkAddresses()) assertEquals(List.of(), leftovers(a), a.name());
    }

    /**
     * What a crash of the harness leaves (a node process, the iptables chain hooked with a rule,
     * the directory) fails the cleanliness check, and {@code faultline cleanup-hosts} removes it.
     */
    @Test
    @Order(7)
    void whatACrashedHarnessLeftIsSeenAndCleanedUp() throws Exception {
        HostAddress h2 = hosts.networkAddresses().get(1);
        String root = HostPaths.DEFAULT.root();
        try (SshHost h = SshHost.connect(client, h2, TIMEOUT)) {
            assertTrue(h.exec("mkdir -p " + root + "/faultline && cp /bin/sleep " + root + "/faultline/sleep && ("
                    + root + "/faultline/sleep 1000 >/dev/null 2>&1 </dev/null &) && " + Iptables.install() + " && "
                    + Iptables.dropFrom(List.of("192.0.2.9"))).ok());
        }
        List<String> left = leftovers(h2);
        assertEquals(3, left.size(), "process, rule and directory seen: " + left);
        assertTrue(left.stream().anyMatch(l -> l.contains("-A " + Iptables.CHAIN + " -s 192.0.2.9")), left.toString());

        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int exit = new picocli.CommandLine(new io.faultline.harness.cli.CleanupHostsCommand(
                new PrintStream(out, true, StandardCharsets.UTF_8))).execute("--hosts",
                String.join(",", spelled(hosts.networkAddresses())), "--ssh-key", hosts.key().toString(),
                "--ssh-host-keys", "any");
        String said = out.toString(StandardCharsets.UTF_8);
        assertTrue(said.contains("[cleanup] h2: killed 1 processes; removed the iptables chain " + Iptables.CHAIN
                + "; removed " + root), said);
        assertTrue(said.contains("[cleanup] h1: nothing of ours there"), said);
        assertEquals(0, exit);
        for (HostAddress a : hosts.networkAddresses()) assertEquals(List.of(), leftovers(a), a.name());
    }

    private static ChaosResult chaos(String system, long seed) throws Exception {
        // A fault waits for every node up with a leader after the one before: 6 slots for 4 kinds leave slack.
        return chaos(system, "kill,pause,partition" + (fuse ? ",power-loss" : ""), 24, seed);
    }

    /** A run of {@code faults} on the hosts: linearizable, every kind played without error, every host left clean. */
    private static ChaosResult chaos(String system, String faults, int seconds, long seed) throws Exception {
        ChaosResult r = run(system, String.join(",", spelled(hosts.networkAddresses())), faults, seconds, seed);
        r.assertLinearizable();
        List<Op> history = r.history();
        assertTrue(history.stream().filter(op -> !op.isNemesis() && op.type() == Op.Type.OK).count() > 20,
                "operations done");
        Set<String> played = history.stream().filter(Op::isNemesis).map(Op::f).collect(Collectors.toSet());
        for (String kind : faults.split(",")) {
            assertTrue(played.contains("start-" + kind) && played.contains("stop-" + kind), kind + " missing: " + played
                    + "\n" + Files.readString(r.directory().resolve("nemesis.log")));
        }
        assertTrue(history.stream().filter(Op::isNemesis).allMatch(op -> op.error() == null),
                "every fault action worked: " + history.stream().filter(op -> op.isNemesis() && op.error() != null).toList());
        for (int n = 1; n <= 3; n++) assertTrue(Files.size(r.directory().resolve("nodes/n" + n + ".log")) > 0);
        assertTrue(Files.readString(r.directory().resolve("config.json")).contains("\"hosts\""), "recorded");
        for (HostAddress a : hosts.networkAddresses()) assertEquals(List.of(), leftovers(a), a.name());
        return r;
    }

    private static ChaosResult run(String system, String hostList, String faults, int seconds, long seed) {
        ChaosTest test = ChaosTest.kv().system(system);
        // NATS 2.9.10 answers two compare-and-sets at one revision both ok (docs/findings.md): no cas for it.
        if (system.equals(NatsSystem.NAME)) test.opMix("read=50,write=40,delete=10");
        return test
                .option("--hosts", hostList).option("--ssh-key", hosts.key().toString()).option("--ssh-host-keys", "any")
                .timeLimit(Duration.ofSeconds(seconds)).concurrency(4).rate(60).keys(5)
                .nemesis(faults).nemesisInterval(Duration.ofSeconds(4)).faultDuration(Duration.ofSeconds(2))
                .recoveryTimeout(Duration.ofSeconds(60)).seed(seed).output(Path.of("target", "ssh-chaos-runs"))
                .run();
    }

    /** What of ours is on the host: processes, iptables rules, mounts, the directory; empty when clean. */
    static List<String> leftovers(HostAddress a) throws Exception {
        String root = HostPaths.DEFAULT.root();
        List<String> left = new ArrayList<>();
        try (SshHost h = SshHost.connect(client, a, TIMEOUT)) {
            String procs = h.exec("pgrep -af '[/]" + root.substring(1) + "/'").out().strip();
            if (!procs.isEmpty()) left.add("processes: " + procs);
            String rules = h.exec("iptables -w -S | grep -- " + Iptables.CHAIN + " || true").out().strip();
            if (!rules.isEmpty()) left.add("iptables: " + rules);
            String mounts = h.exec("grep -- " + root + " /proc/mounts || true").out().strip();
            if (!mounts.isEmpty()) left.add("mounts: " + mounts);
            if (h.exec("test -e " + root + " || test -e " + PowerLossFs.SOCKET).ok()) left.add("files: " + root);
            String tmp = h.exec("find /tmp | sort").out();
            if (!tmp.equals(tmpBefore.get(a.name()))) left.add("/tmp changed: " + tmp.replace('\n', ' '));
        }
        return left;
    }

    private static List<String> spelled(List<HostAddress> addresses) {
        return addresses.stream().map(HostAddress::toString).toList();
    }

    private static void awaitSshd() throws InterruptedException {
        for (int attempt = 0; attempt < 60; attempt++) {
            List<Preflight.HostCheck> checks = Preflight.run(client, hosts.networkAddresses(), List.of(), TIMEOUT);
            checks.stream().filter(Preflight.HostCheck::ok).forEach(c -> c.host().close());
            if (checks.stream().allMatch(Preflight.HostCheck::ok)) return;
            Thread.sleep(500);
        }
        throw new IllegalStateException("sshd did not answer on every host");
    }
}
