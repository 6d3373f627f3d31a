package io.faultline.harness.ssh;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import io.faultline.harness.system.HostRecipe.Need;
import org.apache.sshd.client.SshClient;

/**
 * Before any fault: every host reached, signed in, and checked for what the run needs
 * (root or sudo, iptables, a JRE, …). Every host's problems are said together, each with
 * its reason; a host with none stays connected for the run.
 */
public final class Preflight {
    /** What the harness needs on every host to inject faults and read logs. */
    /** The FUSE device, for the power-loss file system. */
    public static final Need FUSE = new Need("no /dev/fuse (power-loss needs FUSE: modprobe fuse; in a container"
            + " --device /dev/fuse --cap-add SYS_ADMIN)", "test -c /dev/fuse");

    public static final List<Need> HARNESS = List.of(
            new Need("no usable iptables (partitions and loss need it, and the NET_ADMIN capability)",
                    "iptables -w -n -L INPUT >/dev/null"),
            new Need("no pkill (kill and pause need it; Debian's procps)", "command -v pkill >/dev/null"),
            new Need("no ip (iproute2)", "command -v ip >/dev/null"));

    /** One host's result: connected (problems empty) or not, and why. */
    public record HostCheck(HostAddress address, SshHost host, List<String> problems) {
        public boolean ok() {
            return problems.isEmpty();
        }
    }

    private Preflight() {}

    /** Checks every host at once; the hosts with problems are disconnected. */
    public static List<HostCheck> run(SshClient client, List<HostAddress> hosts, List<Need> needs, Duration timeout) {
        ExecutorService pool = Executors.newFixedThreadPool(Math.min(hosts.size(), 16));
        try {
            List<Future<HostCheck>> checks = new ArrayList<>();
            for (HostAddress a : hosts) checks.add(pool.submit(() -> check(client, a, needs, timeout)));
            List<HostCheck> out = new ArrayList<>();
            for (int i = 0; i < hosts.size(); i++) {
                try {
                    out.add(checks.get(i).get());
                } catch (Exception e) {
                    out.add(new HostCheck(hosts.get(i), null, List.of(String.valueOf(e.getCause()))));
                }
            }
            return out;
        } finally {
            pool.shutdownNow();
        }
    }

    /** The report of the hosts with problems, one line a problem; empty when every host passed. */
    public static String problems(List<HostCheck> checks) {
        StringBuilder b = new StringBuilder();
        for (HostCheck c : checks) {
            for (String p : c.problems()) b.append(c.address().name()).append(" (").append(c.address()).append("): ")
                    .append(p).append('\n');
        }
        return b.toString();
    }

    private static HostCheck check(SshClient client, HostAddress a, List<Need> needs, Duration timeout) {
        SshHost host;
        try {
            host = SshHost.connect(client, a, timeout);
        } catch (SshFailure e) {
            return new HostCheck(a, null, List.of(e.reason()));
        }
        List<String> problems = new ArrayList<>();
        try {
            if (!host.isRoot()) {
                SshHost.Result sudo = host.exec("sudo -n true");
                if (!sudo.ok()) {
                    problems.add("user " + a.user() + " is not root and has no password-less sudo (" + sudo.reason() + ")");
                }
            }
            if (problems.isEmpty()) {
                for (Need n : needs) {
                    SshHost.Result r = host.asRoot(n.command());
                    if (!r.ok()) problems.add(n.problem() + (r.reason().startsWith("exit ") ? "" : ": " + r.reason()));
                }
            }
        } catch (SshFailure e) {
            problems.add(e.reason());
        }
        if (!problems.isEmpty()) {
            host.close();
            return new HostCheck(a, null, List.copyOf(problems));
        }
        return new HostCheck(a, host, List.of());
    }

}
