package io.faultline.harness.cli;

import io.faultline.harness.run.OptionValues;
import io.faultline.harness.run.RunOption;
import io.faultline.harness.run.RunOptions;
import io.faultline.harness.ssh.HostPaths;
import io.faultline.harness.ssh.Hosts;
import io.faultline.harness.ssh.Preflight;
import io.faultline.harness.ssh.SshFailure;
import io.faultline.harness.ssh.SshHost;
import java.io.PrintStream;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.apache.sshd.client.SshClient;
import picocli.CommandLine.Command;

/** {@code faultline cleanup-hosts}: what runs on hosts left there (after a crash of the harness) removed. */
@Command(name = "cleanup-hosts", mixinStandardHelpOptions = true, sortOptions = false, usageHelpWidth = 110,
        modelTransformer = RunOptionSpecs.class,
        header = "Leave SSH hosts as they were before any run: processes, mounts, iptables rules and files of ours removed.",
        description = {
            "A run on --hosts cleans its hosts when it ends, fails or is interrupted; this does the same after the",
            "harness itself died (kill -9, a lost connection): on each host every process started from",
            HostPaths.ROOT_TEXT + " is killed, the power-loss mount undone, the iptables chain 'faultline'",
            "unhooked and deleted, and the directory removed. It says per host what it found.",
            "",
            "Exit codes: 0 every host clean, 2 a host could not be reached or cleaned."
        })
public final class CleanupHostsCommand implements Callable<Integer>, RunOptionSpecs.Taker {
    /** The host options given, by name ({@link RunOptions#SSH}). */
    private final Map<String, String> given = new LinkedHashMap<>();

    private final PrintStream err;

    public CleanupHostsCommand() {
        this(System.err);
    }

    /** Says what it does on {@code err}. */
    public CleanupHostsCommand(PrintStream err) {
        this.err = err;
    }

    @Override
    public List<RunOption<?>> runOptions() {
        return RunOptions.SSH;
    }

    @Override
    public Map<String, String> givenRunOptions() {
        return given;
    }

    @Override
    public Integer call() {
        Hosts hosts;
        try {
            hosts = RunOptions.hosts(OptionValues.of(RunOptions.SSH, given)).orElseThrow(() -> new IllegalArgumentException("--hosts or --hosts-file is needed"));
        } catch (IllegalArgumentException e) {
            err.println("faultline cleanup-hosts: " + e.getMessage());
            return 2;
        }
        SshClient client = hosts.client();
        int failed = 0;
        try {
            List<Preflight.HostCheck> checks = Preflight.run(client, hosts.addresses(), List.of(), Duration.ofSeconds(20));
            for (Preflight.HostCheck c : checks) {
                String name = c.address().name();
                if (!c.ok()) {
                    err.println("[cleanup] " + name + ": " + String.join("; ", c.problems()));
                    failed++;
                    continue;
                }
                try (SshHost h = c.host()) {
                    SshHost.Result r = h.asRoot(HostPaths.DEFAULT.cleanup());
                    String did = r.out().strip().replace("\n", "; ");
                    if (r.ok()) {
                        err.println("[cleanup] " + name + ": " + (did.isEmpty() ? "nothing of ours there" : did));
                    } else {
                        err.println("[cleanup] " + name + ": not clean: " + (did.isEmpty() ? r.reason() : did));
                        failed++;
                    }
                } catch (SshFailure e) {
                    err.println("[cleanup] " + e.getMessage());
                    failed++;
                }
            }
        } finally {
            client.stop();
        }
        return failed == 0 ? 0 : 2;
    }
}
