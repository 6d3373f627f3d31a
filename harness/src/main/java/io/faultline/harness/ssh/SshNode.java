package io.faultline.harness.ssh;

import io.faultline.harness.cluster.NodeProcess;
import io.faultline.harness.nemesis.Iptables;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Collection;
import java.util.List;
import java.util.Optional;

/**
 * One node of the cluster on a host reached by SSH: its process started, signalled and
 * found with the same scripts as in a container ({@link NodeProcess}), its inbound links
 * cut with the same iptables chain ({@link Iptables}), its log fetched, and the host left
 * as it was found ({@link #cleanup()}). Everything runs as root (directly or by sudo).
 *
 * @param processPattern a pgrep pattern that matches the node process and not the shell
 *                       that runs pkill (e.g. {@code [j]ava .*faultline})
 */
public record SshNode(SshHost host, List<String> command, String logFile, String processPattern) {
    public SshNode {
        command = List.copyOf(command);
    }

    /** Starts the node process in the background (again, after a kill). */
    public void start() throws SshFailure {
        must(NodeProcess.start(command, logFile), "start the node");
    }

    /** SIGKILL; true when a process was found. */
    public boolean kill() throws SshFailure {
        return signal("-KILL");
    }

    public boolean pause() throws SshFailure {
        return signal("-STOP");
    }

    public boolean resume() throws SshFailure {
        return signal("-CONT");
    }

    /**
     * SIGKILL, then waits until the process is gone (what follows, dropping its unsynced writes,
     * must not race a write it had under way); a failure when it still runs after {@code timeout}.
     */
    public void killAndAwaitExit(java.time.Duration timeout) throws SshFailure {
        kill();
        long deadline = System.nanoTime() + timeout.toNanos();
        while (running()) {
            if (System.nanoTime() > deadline) {
                throw new SshFailure(host.address(), "the node still runs " + timeout.toSeconds() + " s after SIGKILL", null);
            }
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new SshFailure(host.address(), "interrupted while killing the node", e);
            }
        }
    }

    /** Runs {@code script} as root; its output, or a failure saying what could not be done. */
    public String asRoot(String script, String what) throws SshFailure {
        SshHost.Result r = host.asRoot(script);
        if (!r.ok()) throw new SshFailure(host.address(), "cannot " + what + ": " + r.reason(), null);
        return r.out();
    }

    public boolean running() throws SshFailure {
        return host.asRoot(NodeProcess.running(processPattern)).ok();
    }

    /** Hooks the harness's chain into the host's INPUT (empty: nothing dropped yet). */
    public void installFirewall() throws SshFailure {
        must(Iptables.install(), "install the iptables chain " + Iptables.CHAIN);
    }

    /** Drops everything from {@code sources} and nothing else. */
    public void dropFrom(Collection<String> sources) throws SshFailure {
        must(Iptables.dropFrom(sources), "cut links");
    }

    /** Drops each packet from {@code peers} with {@code probability}. */
    public void lossFrom(Collection<String> peers, double probability) throws SshFailure {
        must(Iptables.lossFrom(peers, probability), "drop packets");
    }

    public void heal() throws SshFailure {
        must(Iptables.flush(), "heal the network");
    }

    /** The address {@code name} has as seen from this host (how its peers' packets come in). */
    public String addressOf(String name) throws SshFailure {
        SshHost.Result r = host.exec("getent ahostsv4 " + NodeProcess.quoted(name) + " | awk 'NR == 1 {print $1}'");
        String ip = r.out().strip();
        if (!r.ok() || ip.isEmpty()) throw new SshFailure(host.address(), "cannot resolve " + name, null);
        return ip;
    }

    /** Copies the node's log into {@code target}; the reason when it could not. */
    public Optional<String> copyLog(Path target) {
        try {
            SshHost.Result r = host.asRoot("cat " + NodeProcess.quoted(logFile));
            if (!r.ok()) return Optional.of(host.address().name() + ": " + r.reason());
            Files.createDirectories(target.getParent());
            Path part = target.resolveSibling(target.getFileName() + ".part");
            Files.writeString(part, r.out(), StandardCharsets.UTF_8);
            Files.move(part, target, StandardCopyOption.REPLACE_EXISTING);
            return Optional.empty();
        } catch (SshFailure | IOException e) {
            return Optional.of(host.address().name() + ": " + e.getMessage());
        }
    }

    /** The host as it was: the node process gone (a paused one too) and the chain unhooked and deleted. */
    public void cleanup() throws SshFailure {
        signal("-KILL");
        must(Iptables.uninstall(), "remove the iptables chain " + Iptables.CHAIN);
    }

    private boolean signal(String signal) throws SshFailure {
        SshHost.Result r = host.asRoot(NodeProcess.signal(signal, processPattern));
        if (r.exit() > 1) throw new SshFailure(host.address(), "pkill " + signal + " failed: " + r.reason(), null);
        return r.ok();
    }

    private void must(String script, String what) throws SshFailure {
        asRoot(script, what);
    }
}
