package io.faultline.harness.ssh;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.apache.sshd.client.SshClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Three hosts running Debian's sshd, reached by SSH only: the preflight passes on them,
 * commands and uploads work, and every bad host is reported with its own reason before
 * anything is done: unreachable, untrusted host key, refused key, no root, no iptables.
 */
class SshHostsIT {
    private static final Duration TIMEOUT = Duration.ofSeconds(20);

    @TempDir
    static Path dir;

    private static SshHostContainers hosts;
    private static SshClient client;

    @BeforeAll
    static void start() throws Exception {
        hosts = SshHostContainers.start(3, dir);
        client = SshClients.start(hosts.key(), SshClients.HostKeys.ANY, null);
    }

    @AfterAll
    static void stop() throws Exception {
        if (client != null) client.stop();
        if (hosts != null) {
            hosts.close();
            assertEquals(0, hosts.leftovers(), "no container or network left");
        }
    }

    @Test
    void everyHostPassesThePreflightAndRunsCommandsAndTakesFiles() throws Exception {
        List<Preflight.HostCheck> checks = awaitSshd(hosts.addresses());
        assertEquals("", Preflight.problems(checks));
        Path jar = Files.write(dir.resolve("payload.bin"), new byte[300_000]);
        for (Preflight.HostCheck c : checks) {
            try (SshHost h = c.host()) {
                assertEquals(c.address().name(), h.exec("hostname").out().strip(), "reached the host it names");
                assertTrue(h.isRoot());
                SshHost.Result failing = h.exec("echo to-err >&2; exit 3");
                assertEquals(3, failing.exit());
                assertEquals("to-err", failing.reason());
                h.upload(jar, "/tmp/payload.bin", "0640");
                assertEquals("300000 640", h.exec("stat -c '%s %a' /tmp/payload.bin").out().strip());
                assertFalse(h.exec("test -e /tmp/payload.bin.part").ok(), "no part file left");
                // The peers resolve each other by name on their network, as a cluster's nodes must.
                assertTrue(h.exec("getent hosts h1 h2 h3 | wc -l").out().strip().equals("3"));
            }
        }
    }

    @Test
    void eachBadHostIsReportedWithItsReasonBeforeAnythingIsDone() throws Exception {
        List<HostAddress> good = hosts.addresses();
        awaitSshd(good).forEach(c -> c.host().close());
        HostAddress plain = new HostAddress("h1", "localhost", good.get(0).port(), "plain");
        HostAddress closed = new HostAddress("nowhere", "localhost", 1, "root");
        HostAddress noIptables = good.get(2);
        try (SshHost h3 = SshHost.connect(client, noIptables, TIMEOUT)) {
            assertTrue(h3.exec("mv /usr/sbin/iptables /usr/sbin/iptables.away").ok());
        }
        List<Preflight.HostCheck> checks;
        try {
            checks = Preflight.run(client, List.of(plain, closed, good.get(1), noIptables),
                    with(Preflight.HARNESS, io.faultline.harness.system.HostRecipe.JAVA_17), TIMEOUT);
        } finally {
            try (SshHost h3 = SshHost.connect(client, noIptables, TIMEOUT)) {
                h3.exec("mv /usr/sbin/iptables.away /usr/sbin/iptables");
            }
        }
        String report = Preflight.problems(checks);
        assertTrue(report.contains("h1 (h1=plain@localhost:" + plain.port() + "): user plain is not root and has no "
                + "password-less sudo"), report);
        assertTrue(report.contains("nowhere (nowhere=root@localhost:1): unreachable: nothing answers on localhost:1"), report);
        assertTrue(report.contains("h3 (h3=root@localhost:" + noIptables.port() + "): no usable iptables"), report);
        assertFalse(report.contains("h2"), "h2 is fine: " + report);
        assertNotNull(checks.get(2).host(), "the good host stays connected");
        checks.get(2).host().close();
        assertEquals(3, report.lines().count(), report);

        SshClient stranger = SshClients.start(SshHostContainers.strangerKey(dir.resolve("id_stranger")),
                SshClients.HostKeys.ANY, null);
        SshClient strict = SshClients.start(hosts.key(), SshClients.HostKeys.KNOWN,
                Files.writeString(dir.resolve("known_hosts"), ""));
        try {
            String refused = Preflight.problems(Preflight.run(stranger, List.of(good.get(0)), Preflight.HARNESS, TIMEOUT));
            assertTrue(refused.startsWith("h1 (h1=root@localhost:" + good.get(0).port() + "): the key was refused for user root"),
                    refused);
            String untrusted = Preflight.problems(Preflight.run(strict, List.of(good.get(0)), Preflight.HARNESS, TIMEOUT));
            assertTrue(untrusted.contains("the host's key is not trusted"), untrusted);
        } finally {
            stranger.stop();
            strict.stop();
        }
    }

    /**
     * A stand-in node process (a sleep: what is tested is the SSH layer, not a system) on each
     * host: started, paused, resumed, killed and started again; links cut with iptables and
     * healed, probed from host to host on sshd's port; then every host left as it was found.
     */
    @Test
    void nodesAreStartedSignalledCutOffAndCleanedUpOverSsh() throws Exception {
        List<Preflight.HostCheck> checks = awaitSshd(hosts.addresses());
        List<SshNode> nodes = new ArrayList<>();
        for (Preflight.HostCheck c : checks) {
            nodes.add(new SshNode(c.host(), List.of("sleep", "100042"), "/var/log/faultline-it/node.log", "[s]leep 100042"));
        }
        try {
            for (SshNode n : nodes) {
                n.start();
                n.installFirewall();
            }
            SshNode h1 = nodes.get(0);
            SshNode h2 = nodes.get(1);
            assertTrue(awaitRunning(h2), "started");
            assertTrue(h2.pause());
            assertEquals("T", awaitState(h2, "T"), "stopped by SIGSTOP");
            assertTrue(h2.resume());
            assertEquals("S", awaitState(h2, "S"), "running again (asleep)");
            assertTrue(h2.kill());
            assertFalse(awaitGone(h2), "killed");
            assertFalse(h2.kill(), "nothing left to kill");
            h2.start();
            assertTrue(awaitRunning(h2), "restarted");

            assertTrue(reaches(h1, "h2") && reaches(h1, "h3"));
            h1.dropFrom(List.of(h1.addressOf("h2")));
            h2.dropFrom(List.of(h2.addressOf("h1")));
            assertFalse(reaches(h1, "h2"), "h1 hears nothing from h2");
            assertFalse(reaches(h2, "h1"), "nor h2 from h1");
            assertTrue(reaches(h1, "h3") && reaches(h2, "h3"), "the other links stay");
            h1.heal();
            h2.heal();
            assertTrue(reaches(h1, "h2") && reaches(h2, "h1"), "healed");

            Path log = dir.resolve("h2-node.log");
            assertEquals(java.util.Optional.empty(), h2.copyLog(log));
            assertEquals(2, Files.readAllLines(log).stream()
                    .filter(l -> l.startsWith(io.faultline.harness.cluster.NodeProcess.START_MARKER)).count(),
                    "two starts marked in the log");
        } finally {
            for (SshNode n : nodes) n.cleanup();
        }
        for (SshNode n : nodes) {
            assertFalse(n.running(), "no process left on " + n.host().address().name());
            assertFalse(n.host().exec("iptables -w -S INPUT").out().contains(io.faultline.harness.nemesis.Iptables.CHAIN),
                    "INPUT unhooked");
            assertFalse(n.host().exec("iptables -w -S " + io.faultline.harness.nemesis.Iptables.CHAIN).ok(), "chain deleted");
            n.host().close();
        }
    }

    /**
     * The fault target over SSH: a partition by groups, total loss and its heal, kill and
     * restart, on the stand-in processes; the leader as the system's session says.
     */
    @Test
    void theFaultTargetActsOnTheHosts() throws Exception {
        List<Preflight.HostCheck> checks = awaitSshd(hosts.addresses());
        java.util.Map<Integer, SshNode> nodes = new java.util.TreeMap<>();
        for (int i = 0; i < checks.size(); i++) {
            nodes.put(i + 1, new SshNode(checks.get(i).host(), List.of("sleep", "100043"),
                    "/var/log/faultline-it/faults.log", "[s]leep 100043"));
        }
        java.util.Map<Integer, String> addresses = new java.util.HashMap<>();
        for (int id : nodes.keySet()) addresses.put(id, nodes.get(id % 3 + 1).addressOf("h" + id));
        io.faultline.harness.system.SystemSession session = new io.faultline.harness.system.SystemSession() {
            @Override
            public List<io.faultline.harness.system.NodeStatus> statuses() {
                return List.of(io.faultline.harness.system.NodeStatus.of(3, new io.faultline.harness.system.NodeStatus.State(
                        io.faultline.harness.system.NodeStatus.State.LEADER, 4, 3, 10, 10, 10)));
            }

            @Override
            public io.faultline.harness.system.SystemClient client(Duration opTimeout, int firstNode) {
                throw new UnsupportedOperationException();
            }

            @Override
            public void close() {}
        };
        SshFaults faults = new SshFaults(nodes, addresses, session);
        try {
            for (SshNode n : nodes.values()) n.start();
            faults.install();
            assertEquals(java.util.Optional.of(3), faults.leader());
            faults.partition(io.faultline.harness.nemesis.Connectivity.groups(nodes.keySet(), List.of(List.of(1), List.of(2, 3))));
            assertFalse(reaches(nodes.get(1), "h2") || reaches(nodes.get(1), "h3") || reaches(nodes.get(3), "h1"));
            assertTrue(reaches(nodes.get(2), "h3") && reaches(nodes.get(3), "h2"), "the majority side stays whole");
            faults.healNetwork();
            faults.loss(1.0);
            assertFalse(reaches(nodes.get(2), "h3"), "every packet dropped");
            faults.healNetwork();
            assertTrue(reaches(nodes.get(1), "h2") && reaches(nodes.get(2), "h3"));
            assertTrue(awaitRunning(nodes.get(2)));
            faults.kill(2);
            assertFalse(awaitGone(nodes.get(2)));
            assertFalse(faults.running(2));
            faults.restart(2);
            assertTrue(awaitRunning(nodes.get(2)));
        } finally {
            for (SshNode n : nodes.values()) n.cleanup();
            for (SshNode n : nodes.values()) n.host().close();
        }
    }

    /** Whether {@code from} can open a TCP connection to {@code to}'s sshd (a dropped SYN times out). */
    private static boolean reaches(SshNode from, String to) throws SshFailure {
        return from.host().exec("timeout 3 bash -c '</dev/tcp/" + to + "/22'").ok();
    }

    /** The process's state once it is {@code wanted} (a signal takes effect when the process next runs), or the last seen. */
    private static String awaitState(SshNode n, String wanted) throws Exception {
        String state = "";
        for (int i = 0; i < 100 && !state.equals(wanted); i++) {
            if (i > 0) Thread.sleep(100);
            state = n.host().exec("ps -o stat= -p \"$(pgrep -f '[s]leep 100042')\" | cut -c1").out().strip();
        }
        return state;
    }

    /** A process started in the background shows within moments; polled, not timed. */
    private static boolean awaitRunning(SshNode n) throws Exception {
        for (int i = 0; i < 100 && !n.running(); i++) Thread.sleep(100);
        return n.running();
    }

    private static boolean awaitGone(SshNode n) throws Exception {
        for (int i = 0; i < 100 && n.running(); i++) Thread.sleep(100);
        return n.running();
    }

    /** sshd takes a moment after its container starts: the hosts' checks once every host answers. */
    private static List<Preflight.HostCheck> awaitSshd(List<HostAddress> addresses) throws InterruptedException {
        List<Preflight.HostCheck> checks = List.of();
        for (int attempt = 0; attempt < 60; attempt++) {
            checks = Preflight.run(client, addresses, with(Preflight.HARNESS, io.faultline.harness.system.HostRecipe.JAVA_17), TIMEOUT);
            if (checks.stream().allMatch(Preflight.HostCheck::ok)) return checks;
            checks.stream().filter(Preflight.HostCheck::ok).forEach(c -> c.host().close());
            Thread.sleep(500);
        }
        return checks;
    }

    private static List<io.faultline.harness.system.HostRecipe.Need> with(List<io.faultline.harness.system.HostRecipe.Need> needs, io.faultline.harness.system.HostRecipe.Need more) {
        List<io.faultline.harness.system.HostRecipe.Need> out = new ArrayList<>(needs);
        out.add(more);
        return out;
    }
}
