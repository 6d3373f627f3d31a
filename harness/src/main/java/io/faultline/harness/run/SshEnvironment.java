package io.faultline.harness.run;

import io.faultline.harness.cluster.ClusterException;
import io.faultline.harness.cluster.ClusterHealth;
import io.faultline.harness.cluster.ClusterSpec;
import io.faultline.harness.cluster.NodeImages;
import io.faultline.harness.nemesis.FaultTarget;
import io.faultline.harness.ssh.HostPaths;
import io.faultline.harness.ssh.Hosts;
import io.faultline.harness.ssh.Preflight;
import io.faultline.harness.ssh.SshFailure;
import io.faultline.harness.ssh.SshFaults;
import io.faultline.harness.ssh.SshHost;
import io.faultline.harness.ssh.SshNode;
import io.faultline.harness.system.HostRecipe;
import io.faultline.harness.system.Membership;
import io.faultline.harness.system.SystemSession;
import io.faultline.harness.system.SystemUnderTest;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.apache.sshd.client.SshClient;

/**
 * Hosts reached by SSH, one node on each: the system's files copied there (its
 * {@link HostRecipe}), its node run as a background process from the harness's directory on
 * the host ({@link HostPaths}), peers named by their hosts, faults by signals, iptables and the
 * power-loss file system over SSH ({@link SshFaults}), the node logs fetched into the run
 * directory, and every host left as it was found ({@link HostPaths#cleanup}): at the end, when
 * the start fails, and on Ctrl-C (the runner closes its environment). The harness talks to a
 * host over SSH and to its node's client port, nothing else.
 */
public final class SshEnvironment extends WallClockEnvironment {
    private static final Duration SSH_TIMEOUT = Duration.ofSeconds(20);

    private final SshClient client;
    private final List<SshHost> hosts;
    private final HostPaths paths;
    private final SystemUnderTest system;
    private final Consumer<String> phase;
    private final Map<Integer, SshNode> nodes = new TreeMap<>();
    private final AtomicBoolean closed = new AtomicBoolean();
    private SystemSession session;
    private SshFaults faults;
    private ClusterHealth health;

    private SshEnvironment(SshClient client, List<SshHost> hosts, HostPaths paths, SystemUnderTest system,
                           Path nodesDir, Duration opTimeout, Consumer<String> phase) {
        super(nodesDir, opTimeout);
        this.client = client;
        this.hosts = hosts;
        this.paths = paths;
        this.system = system;
        this.phase = phase;
    }

    /**
     * Checks every host (each one's problems said before anything is done there), cleans what an
     * earlier run may have left, installs and starts the system, and waits for its first leader.
     * On failure the node logs that exist are fetched into {@code nodesDir} and every host is
     * left clean before the exception leaves.
     */
    public static SshEnvironment start(Hosts hosts, ClusterSpec spec, Path nodesDir, Duration opTimeout,
                                       Consumer<String> phase) throws InterruptedException {
        return start(hosts, HostPaths.DEFAULT, spec, nodesDir, opTimeout, phase);
    }

    static SshEnvironment start(Hosts hosts, HostPaths paths, ClusterSpec spec, Path nodesDir, Duration opTimeout,
                                Consumer<String> phase) throws InterruptedException {
        SystemUnderTest system = spec.system();
        if (hosts.addresses().size() != spec.nodes()) {
            throw new ClusterException(spec.nodes() + " nodes need as many hosts; --hosts names " + hosts.addresses().size());
        }
        HostRecipe recipe;
        try {
            recipe = system.hostRecipe();
        } catch (UnsupportedOperationException e) {
            throw new ClusterException(e.getMessage());
        }
        if (recipe.script() != null) NodeImages.runScript(recipe.script(), system.name(), system.name() + "'s files for hosts", phase);
        Map<String, Path> files = localFiles(recipe, paths.home(system.name()), paths);

        phase.accept("checking " + hosts.addresses().size() + " hosts over SSH: " + hosts.spelled());
        SshClient client = hosts.client();
        List<HostRecipe.Need> needs = new ArrayList<>(Preflight.HARNESS);
        needs.addAll(recipe.needs());
        if (spec.powerLossFs()) needs.add(Preflight.FUSE);
        List<Preflight.HostCheck> checks = Preflight.run(client, hosts.addresses(), needs, SSH_TIMEOUT);
        String problems = Preflight.problems(checks);
        if (!problems.isEmpty()) {
            checks.stream().filter(Preflight.HostCheck::ok).forEach(c -> c.host().close());
            client.stop();
            throw new ClusterException("the hosts are not ready; nothing was started on any:\n  "
                    + problems.strip().replace("\n", "\n  "));
        }
        List<SshHost> connected = checks.stream().map(Preflight.HostCheck::host).toList();
        SshEnvironment env = new SshEnvironment(client, connected, paths, system, nodesDir, opTimeout, phase);
        try {
            env.install(files, spec.powerLossFs());
            env.startNodes(spec);
            return env;
        } catch (ClusterException | InterruptedException e) {
            env.copyLogs();
            env.close();
            throw e;
        }
    }

    /** The recipe's files (directories expanded) and the power-loss program, by their absolute path on the host. */
    private static Map<String, Path> localFiles(HostRecipe recipe, String home, HostPaths paths) {
        Path checkout = NodeImages.repositoryRoot().orElseThrow(() -> new ClusterException(
                "set FAULTLINE_HOME to the Faultline checkout: the files for the hosts come from it"));
        Map<String, Path> out = new LinkedHashMap<>();
        recipe.files().forEach((remote, local) -> {
            Path p = checkout.resolve(local);
            if (Files.isDirectory(p)) {
                try (Stream<Path> list = Files.list(p)) {
                    list.filter(Files::isRegularFile).sorted()
                            .forEach(f -> out.put(home + "/" + remote + "/" + f.getFileName(), f));
                } catch (IOException e) {
                    throw new ClusterException("cannot list " + p + ": " + e.getMessage(), e);
                }
            } else if (Files.isRegularFile(p)) {
                out.put(home + "/" + remote, p);
            } else {
                throw new ClusterException(p + " is missing: build first (mvn -q package -DskipTests)");
            }
        });
        // Copied whatever the faults: the corrupt fault flips bits with it too; mounted only for power loss.
        NodeImages.runScript("docker/powerfs/build.sh", "", "the power-loss file system", line -> {});
        out.put(paths.powerfs(), checkout.resolve("docker/powerfs/target/faultline-powerfs"));
        return out;
    }

    /** On every host: what an earlier run left removed, the files copied, the data directory (mounted), the firewall chain. */
    private void install(Map<String, Path> files, boolean powerLossFs) {
        phase.accept("installing " + system.name() + " on " + hosts.size() + " hosts (" + files.size() + " files, "
                + files.values().stream().mapToLong(SshEnvironment::size).sum() / 1_000_000 + " MB each) under "
                + paths.root());
        onEach(h -> {
            String left = h.asRoot(paths.cleanup()).out().strip();
            if (!left.isEmpty()) phase.accept(h.address().name() + ": an earlier run had left: " + left.replace('\n', ';'));
            List<String> dirs = new ArrayList<>(List.of(paths.data(), paths.home(system.name()) + "/tmp"));
            files.keySet().forEach(f -> dirs.add(f.substring(0, f.lastIndexOf('/'))));
            String mkdir = "mkdir -p " + HostPaths.shellLine(dirs.stream().distinct().toArray(String[]::new))
                    + (h.isRoot() ? "" : " && chown -R " + h.address().user() + " " + paths.root());
            must(h, mkdir, "create " + paths.root());
            for (Map.Entry<String, Path> f : files.entrySet()) {
                h.upload(f.getValue(), f.getKey(), Files.isExecutable(f.getValue()) ? "0755" : "0644");
            }
            if (powerLossFs) must(h, paths.mountPowerLossFs(), "mount the power-loss file system over " + paths.data());
        });
    }

    private void startNodes(ClusterSpec spec) throws InterruptedException {
        Map<Integer, String> names = new TreeMap<>();
        for (int i = 0; i < hosts.size(); i++) names.put(i + 1, hosts.get(i).address().name());
        Membership members = spec.membership().named(names);
        Map<Integer, String> clientAddresses = new TreeMap<>();
        for (int id : members.ids()) {
            SshHost h = hosts.get(id - 1);
            nodes.put(id, new SshNode(h, system.hostCommand(id, members, paths.home(system.name()), paths.data()),
                    paths.log(), paths.nodePattern(system.name())));
            clientAddresses.put(id, h.address().host() + ":" + system.layout().clientPort());
        }
        // How each node's packets come in at its peers: its host's name as another host resolves it.
        Map<Integer, String> addresses = new TreeMap<>();
        onEachNode((id, n) -> {
            SshNode other = nodes.get(id % nodes.size() + 1);
            String ip = other.addressOf(names.get(id));
            synchronized (addresses) {
                addresses.put(id, ip);
            }
        });
        session = system.connect(clientAddresses);
        health = new ClusterHealth(session::statuses);
        faults = new SshFaults(nodes, addresses, session, paths, system.dataFiles());
        faults.install();
        phase.accept("starting " + nodes.size() + " nodes of " + system.name() + " on " + String.join(", ", names.values()));
        onEachNode((id, n) -> n.start());
        int leader = health.awaitLeader(spec.startTimeout(), this::exitedMember);
        phase.accept("leader is n" + leader + " (" + names.get(leader) + ")");
    }

    /** A node whose process is gone during the start, with its log's last lines. */
    private Optional<String> exitedMember() {
        for (Map.Entry<Integer, SshNode> e : nodes.entrySet()) {
            try {
                if (e.getValue().running()) continue;
                String tail = e.getValue().host().asRoot("tail -n 5 " + paths.log()).out().strip();
                return Optional.of("n" + e.getKey() + " (" + e.getValue().host().address().name()
                        + ") exited during start: " + tail.replace("\n", "\n  "));
            } catch (SshFailure f) {
                return Optional.of(f.getMessage());
            }
        }
        return Optional.empty();
    }

    @Override
    protected SystemSession session() {
        return session;
    }

    @Override
    public FaultTarget faults() {
        return faults;
    }

    @Override
    public ClusterHealth.Recovery awaitRecovery(Duration timeout) throws InterruptedException {
        return health.awaitRecovery(timeout);
    }

    @Override
    public void copyLogs() {
        nodes.forEach((id, n) -> n.copyLog(nodesDir.resolve("n" + id + ".log"))
                .ifPresent(why -> phase.accept("could not copy a node log: " + why)));
    }

    /** Every host left as it was found (a failure there is said, host by host); safe to call twice. */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) return;
        boolean interrupted = Thread.interrupted(); // the cleanup must run, Ctrl-C or not
        try {
            if (session != null) session.close();
            for (SshHost h : hosts) {
                try {
                    SshHost.Result r = h.asRoot(paths.cleanup());
                    if (!r.ok()) phase.accept(h.address().name() + ": the cleanup failed: " + r.reason());
                } catch (SshFailure e) {
                    phase.accept("the cleanup failed: " + e.getMessage() + " (./faultline cleanup-hosts repeats it)");
                } finally {
                    h.close();
                }
            }
            client.stop();
        } finally {
            if (interrupted) Thread.currentThread().interrupt();
        }
    }

    /** An action on one host over SSH. */
    @FunctionalInterface
    private interface OnHost {
        void run(SshHost host) throws SshFailure;
    }

    /** An action on one node over SSH. */
    @FunctionalInterface
    private interface OnNode {
        void run(int id, SshNode node) throws SshFailure;
    }

    private void onEachNode(OnNode action) {
        onEach(h -> {
            int id = hosts.indexOf(h) + 1;
            action.run(id, nodes.get(id));
        });
    }

    /** On every host at once; the failures, host by host, as one ClusterException. */
    private void onEach(OnHost action) {
        List<CompletableFuture<Void>> all = new ArrayList<>();
        for (SshHost h : hosts) {
            all.add(CompletableFuture.runAsync(() -> {
                try {
                    action.run(h);
                } catch (SshFailure e) {
                    throw new CompletionException(e);
                }
            }));
        }
        List<String> failures = new ArrayList<>();
        for (CompletableFuture<Void> f : all) {
            try {
                f.join();
            } catch (CompletionException e) {
                failures.add(e.getCause() instanceof SshFailure s ? s.getMessage() : String.valueOf(e.getCause()));
            }
        }
        if (!failures.isEmpty()) throw new ClusterException(String.join("\n  ", failures));
    }

    private static void must(SshHost h, String script, String what) throws SshFailure {
        SshHost.Result r = h.asRoot(script);
        if (!r.ok()) throw new SshFailure(h.address(), "cannot " + what + ": " + r.reason(), null);
    }

    private static long size(Path p) {
        try {
            return Files.size(p);
        } catch (IOException e) {
            return 0;
        }
    }
}
