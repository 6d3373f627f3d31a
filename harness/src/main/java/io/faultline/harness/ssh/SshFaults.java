package io.faultline.harness.ssh;

import io.faultline.harness.cluster.ClusterException;
import io.faultline.harness.cluster.ClusterHealth;
import io.faultline.harness.nemesis.Connectivity;
import io.faultline.harness.nemesis.FaultTarget;
import io.faultline.harness.system.FrameDuplicationSwitch;
import io.faultline.harness.system.InProcessFaults;
import io.faultline.harness.system.NodeStatus;
import io.faultline.harness.system.SystemSession;
import io.faultline.harness.system.SystemUnderTest;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/**
 * The faults on hosts reached by SSH: signals to the node processes, iptables rules on the
 * hosts ({@link SshNode}) and the power-loss file system's drops and bit flips ({@link HostPaths}),
 * the same as {@code DockerFaults} does in containers; what the
 * nodes say of themselves comes from the system's session. A host that fails an action is
 * an error naming the host and why.
 */
public final class SshFaults implements FaultTarget {
    /** An action on one node's host. */
    @FunctionalInterface
    interface OnNode {
        void run(int id, SshNode node) throws SshFailure;
    }

    private final Map<Integer, SshNode> nodes;
    private final Map<Integer, String> addresses;
    private final SystemSession session;
    private final ClusterHealth health;
    private final HostPaths paths;
    private final java.util.regex.Pattern dataFiles;
    private final FrameDuplicationSwitch duplication = new FrameDuplicationSwitch(this::inProcessFaults, this::nodes);

    /**
     * @param nodes     by node number
     * @param addresses each node's address as its peers see its packets come in (its hosts' names resolved on the hosts)
     */
    public SshFaults(Map<Integer, SshNode> nodes, Map<Integer, String> addresses, SystemSession session) {
        this(nodes, addresses, session, HostPaths.DEFAULT, SystemUnderTest.ANY_FILE);
    }

    /**
     * @param paths     where the data and the power-loss file system's program are on every host
     * @param dataFiles which files under the data directory the corrupt fault may damage (the system's)
     */
    public SshFaults(Map<Integer, SshNode> nodes, Map<Integer, String> addresses, SystemSession session,
                     HostPaths paths, java.util.regex.Pattern dataFiles) {
        this.nodes = new TreeMap<>(nodes);
        this.addresses = Map.copyOf(addresses);
        this.session = session;
        this.health = new ClusterHealth(session::statuses);
        this.paths = paths;
        this.dataFiles = dataFiles;
    }

    /** Why {@code fault} cannot be injected on hosts running {@code system}; empty when it can. */
    public static Optional<String> refusal(io.faultline.harness.nemesis.FaultPackage fault, SystemUnderTest system) {
        boolean missing = fault.equals(io.faultline.harness.nemesis.LinkDelayFault.PACKAGE)
                || fault.equals(io.faultline.harness.nemesis.MembershipFault.PACKAGE)
                || fault.equals(io.faultline.harness.nemesis.LinkDupFault.PACKAGE) && !system.faultsInProcess();
        return missing ? Optional.of(fault.name() + " is not available on SSH hosts yet"
                + (fault.equals(io.faultline.harness.nemesis.LinkDupFault.PACKAGE) ? " for " + system.name()
                        + " (its link proxy lives in the harness's containers)" : "")) : Optional.empty();
    }

    /** Hooks the harness's chain into every host's INPUT; call once before the first fault. */
    public void install() {
        each((id, n) -> n.installFirewall());
    }

    @Override
    public List<Integer> nodes() {
        return List.copyOf(nodes.keySet());
    }

    @Override
    public Optional<Integer> leader() {
        return health.leader();
    }

    @Override
    public void kill(int node) {
        one(node, (id, n) -> n.kill());
    }

    @Override
    public void restart(int node) {
        one(node, (id, n) -> {
            if (!n.running()) n.start();
        });
    }

    @Override
    public void pause(int node) {
        one(node, (id, n) -> n.pause());
    }

    @Override
    public void resume(int node) {
        one(node, (id, n) -> n.resume());
    }

    @Override
    public void partition(Connectivity graph) {
        each((id, n) -> n.dropFrom(graph.blockedFrom(id).stream().map(addresses::get).toList()));
    }

    @Override
    public void loss(double probability) {
        each((id, n) -> n.lossFrom(addresses.entrySet().stream().filter(e -> e.getKey() != id)
                .map(Map.Entry::getValue).toList(), probability));
    }

    @Override
    public void healNetwork() {
        each((id, n) -> n.heal());
        duplication.heal();
    }

    @Override
    public List<NodeStatus> statuses() {
        return health.statuses();
    }

    @Override
    public boolean running(int node) {
        boolean[] up = {false};
        one(node, (id, n) -> up[0] = n.running());
        return up[0];
    }

    @Override
    public void armCrashPoint(int node, String point, long commitIndex) {
        session.requireCrashPoints().arm(node, point, commitIndex);
    }

    @Override
    public void transferLeader(int leader, int to) {
        session.requireCrashPoints().transferLeader(leader, to);
    }

    /** Not on hosts yet: the link proxy and fresh members are placed by the Docker environment only. */
    @Override
    public void delayLinks(int delayMillis, int jitterMillis, long seed) {
        throw new UnsupportedOperationException("link-delay is not available on SSH hosts yet");
    }

    /** Through the node's own API; a system duplicated by the link proxy (etcd) cannot be, like link-delay. */
    @Override
    public String duplicateLinks(double probability, long seed) {
        if (session.inProcessFaults().isEmpty()) {
            throw new UnsupportedOperationException("link-dup by the link proxy is not available on SSH hosts yet");
        }
        return duplication.set(probability, seed);
    }

    @Override
    public void clockRate(int node, double rate) {
        inProcessFaults().clockRate(node, rate);
    }

    /** Through the node's own API, as in Docker; the run refused clock-skew for a system without it. */
    private InProcessFaults inProcessFaults() {
        return session.inProcessFaults().orElseThrow(() -> new IllegalStateException("the system has no clock rate "
                + "or frame duplication"));
    }

    @Override
    public List<Integer> removeMember(int node) {
        throw new UnsupportedOperationException("membership is not available on SSH hosts yet");
    }

    @Override
    public List<Integer> addFreshMember(int node) {
        throw new UnsupportedOperationException("membership is not available on SSH hosts yet");
    }

    /** The node killed (and gone), then its unsynced writes dropped by the power-loss file system over its data. */
    @Override
    public String powerOff(int node, java.util.OptionalLong suffixSeed) {
        String[] out = {""};
        one(node, (id, n) -> {
            n.killAndAwaitExit(io.faultline.harness.cluster.NodeContainer.KILL_EXIT_TIMEOUT);
            String[] drop = suffixSeed.isPresent()
                    ? io.faultline.harness.cluster.PowerLossFs.control("drop", "suffix", Long.toUnsignedString(suffixSeed.getAsLong()))
                    : io.faultline.harness.cluster.PowerLossFs.control("drop", "all");
            out[0] = n.asRoot(paths.command(drop), "drop the unsynced writes");
        });
        return out[0];
    }

    @Override
    public List<io.faultline.harness.nemesis.DataFile> dataFiles(int node) {
        List<io.faultline.harness.nemesis.DataFile> files = new ArrayList<>();
        one(node, (id, n) -> files.addAll(io.faultline.harness.nemesis.DataFile.parseFind(
                n.asRoot(HostPaths.shellLine(io.faultline.harness.nemesis.DataFile.find(paths.data())),
                        "list the data files"), dataFiles)));
        return files;
    }

    @Override
    public String damage(int node, io.faultline.harness.nemesis.Damage damage) {
        String[] out = {damage.describe()};
        one(node, (id, n) -> {
            if (damage instanceof io.faultline.harness.nemesis.Damage.BitFlip f) {
                out[0] = n.asRoot(paths.command(io.faultline.harness.cluster.PowerLossFs.flip(f.file(), f.offset(),
                        f.mask())), "flip a bit").strip();
            } else {
                n.asRoot("truncate -s " + ((io.faultline.harness.nemesis.Damage.Truncate) damage).size() + " "
                        + io.faultline.harness.cluster.NodeProcess.quoted(damage.file()), "truncate " + damage.file());
            }
        });
        return out[0];
    }

    private void one(int node, OnNode action) {
        SshNode n = nodes.get(node);
        if (n == null) throw new IllegalArgumentException("no node " + node);
        try {
            action.run(node, n);
        } catch (SshFailure e) {
            throw new ClusterException(e.getMessage(), e);
        }
    }

    /** On every host at once (a partition lands everywhere at about the same moment). */
    private void each(OnNode action) {
        List<CompletableFuture<Void>> all = new ArrayList<>();
        nodes.forEach((id, n) -> all.add(CompletableFuture.runAsync(() -> one(id, action))));
        try {
            CompletableFuture.allOf(all.toArray(CompletableFuture[]::new)).join();
        } catch (CompletionException e) {
            throw e.getCause() instanceof RuntimeException r ? r : e;
        }
    }
}
