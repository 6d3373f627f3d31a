package io.faultline.harness.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.faultline.harness.run.RunConfig;
import io.faultline.harness.ssh.HostPaths;
import io.faultline.harness.ssh.SshClients;
import io.faultline.harness.system.Membership;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code run --hosts}: what it makes of the hosts, what it refuses, what a rerun repeats; the systems' lines on hosts. */
class SshRunOptionsTest {
    @TempDir
    Path dir;

    private Path key() throws Exception {
        return Files.writeString(dir.resolve("id_test"), "not read until a run connects");
    }

    @Test
    void theHostsMakeTheClusterAndARerunRepeatsThem() throws Exception {
        RunConfig c = RunCommand.configOf(List.of("--hosts", "a=10.0.0.1,root@10.0.0.2:2222,ops@h3", "--ssh-user", "admin",
                "--ssh-key", key().toString(), "--ssh-host-keys", "any", "--nemesis", "kill,power-loss", "--seed", "5"));
        assertEquals(3, c.cluster().nodes(), "one node a host, --nodes aside");
        assertEquals("a=admin@10.0.0.1:22,root@10.0.0.2:2222,ops@h3:22", c.hosts().spelled());
        assertEquals(SshClients.HostKeys.ANY, c.hosts().hostKeys());
        assertNull(c.hosts().knownHosts());
        Map<String, Object> json = c.toJson("test");
        assertEquals(c.hosts().spelled(), json.get("hosts"));
        String rerun = c.rerunCommand();
        assertTrue(rerun.contains(" --hosts a=admin@10.0.0.1:22,root@10.0.0.2:2222,ops@h3:22 --ssh-key "), rerun);
        RunConfig again = RunCommand.configOf(List.of(RunCommandTest.shellWords(rerun.substring("./faultline run ".length()))));
        assertEquals(c.withOutput(again.outputRoot()).withProfile(null), again.withProfile(null));
    }

    @Test
    void aDockerRunRecordsNoHosts() {
        RunConfig c = RunCommand.configOf(List.of("--nodes", "3", "--seed", "1"));
        assertNull(c.hosts());
        assertFalse(c.toJson("test").containsKey("hosts"));
        assertFalse(c.rerunCommand().contains("--hosts"));
    }

    @Test
    void aHostsFileTakesOneHostALineWithComments() throws Exception {
        Path file = Files.writeString(dir.resolve("hosts"), "# the lab\nn1=10.0.0.1  # rack 1\n\n10.0.0.2\n10.0.0.3:2200\n");
        RunConfig c = RunCommand.configOf(List.of("--hosts-file", file.toString(), "--ssh-key", key().toString(),
                "--ssh-known-hosts", dir.resolve("known").toString()));
        assertEquals("n1=root@10.0.0.1:22,root@10.0.0.2:22,root@10.0.0.3:2200", c.hosts().spelled());
        assertEquals(dir.resolve("known"), c.hosts().knownHosts());
    }

    @Test
    void whatHostsCannotDoIsRefusedBeforeAnyConnection() throws Exception {
        String k = key().toString();
        assertEquals("link-delay is not available on SSH hosts yet", refusal("--hosts", "a,b,c", "--ssh-key", k,
                "--nemesis", "kill,link-delay"));
        assertEquals("membership is not available on SSH hosts yet", refusal("--hosts", "a,b,c", "--ssh-key", k,
                "--nemesis", "membership"));
        assertEquals("link-dup is not available on SSH hosts yet for etcd (its link proxy lives in the harness's "
                + "containers)", refusal("--system", "etcd", "--hosts", "a,b,c", "--ssh-key", k, "--nemesis", "link-dup"));
        RunCommand.configOf(List.of("--hosts", "a,b,c", "--ssh-key", k, "--nemesis", "link-dup,clock-skew"));
        assertTrue(refusal("--hosts", "a,b,c", "--ssh-key", dir.resolve("none").toString())
                .contains("no such readable file"));
        assertEquals("--ssh-host-keys maybe: known or any", refusal("--hosts", "a,b,c", "--ssh-key", k,
                "--ssh-host-keys", "maybe"));
        assertEquals("--hosts names a:22 twice", refusal("--hosts", "a,a", "--ssh-key", k));
        assertEquals("--hosts and --hosts-file: give one", refusal("--hosts", "a", "--hosts-file", k, "--ssh-key", k));
    }

    private static String refusal(String... args) {
        return assertThrows(IllegalArgumentException.class, () -> RunCommand.configOf(List.of(args))).getMessage();
    }

    @Test
    void eachSystemsNodeOnAHostIsNamedByItsHostAndFoundByItsDirectory() {
        Membership m = Membership.of(3).named(Map.of(1, "h1", 2, "h2", 3, "h3"));
        HostPaths p = HostPaths.DEFAULT;
        List<String> node = RunCommand.configOf(List.of("--nodes", "3")).cluster().system()
                .hostCommand(2, m, p.home("faultline"), p.data());
        String line = String.join(" ", node);
        assertTrue(line.contains("--peers 1=h1:7001,2=h2:7001,3=h3:7001"), line);
        assertTrue(line.contains("--data-dir /var/lib/faultline-hosts/data"), line);
        assertTrue(line.matches(".*" + p.nodePattern("faultline") + ".*"), "its pattern finds it: " + line);
        List<String> etcd = RunCommand.configOf(List.of("--system", "etcd", "--nodes", "3")).cluster().system()
                .hostCommand(3, m, p.home("etcd"), p.data());
        String e = String.join(" ", etcd);
        assertEquals("/var/lib/faultline-hosts/etcd/etcd", etcd.get(0));
        assertTrue(e.contains("--name h3") && e.contains("--initial-cluster h1=http://h1:2380,h2=http://h2:2380,h3=http://h3:2380")
                && e.contains("--advertise-client-urls http://h3:2379") && e.contains("--data-dir /var/lib/faultline-hosts/data/etcd"), e);
        assertTrue(e.matches(p.nodePattern("etcd") + ".*"), e);
        List<String> nats = RunCommand.configOf(List.of("--system", "nats", "--nodes", "3")).cluster().system()
                .hostCommand(1, m, p.home("nats"), p.data());
        String n = String.join(" ", nats);
        assertTrue(n.contains("exec /var/lib/faultline-hosts/nats/nats-server -c /var/lib/faultline-hosts/nats/nats.conf"), n);
        assertTrue(n.contains("server_name: h1") && n.contains("routes: [nats://h1:6222,nats://h2:6222,nats://h3:6222]")
                && n.contains("store_dir: \"/var/lib/faultline-hosts/data/nats\""), n);
        assertTrue(("/var/lib/faultline-hosts/nats/nats-server -c /var/lib/faultline-hosts/nats/nats.conf")
                .matches(p.nodePattern("nats") + ".*"), "the server, once the shell has exec'd it, is found by its pattern");
        assertFalse(p.cleanup().matches("(?s).*" + p.nodePattern("etcd") + ".*"),
                "the cleanup's own shell is not one of the processes it kills");
        assertFalse(p.cleanup().contains(p.root() + "/"), "nor matches the pattern of everything under the directory");
    }
}
