package io.faultline.harness.nemesis;

import io.faultline.harness.cluster.Cluster;
import io.faultline.harness.cluster.NodeContainer;
import io.faultline.harness.cluster.PowerLossFs;
import io.faultline.harness.system.NodeStatus;
import io.faultline.harness.system.SystemUnderTest;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Faults on real containers, for any system: signals to the node process via {@code docker exec},
 * and iptables rules in a chain of its own ({@link Iptables}) hooked into INPUT,
 * which drop traffic from the peers a node must not hear. Dropping on input at
 * both ends cuts a link both ways. Client traffic (from the host through the
 * bridge gateway) is never dropped.
 */
public final class DockerFaults implements FaultTarget {
    private static final String CHAIN = Iptables.CHAIN;
    private static final int PROXY_PORT_OFFSET = 10_000;
    private static final String PROXY_SCRIPT = "/tmp/faultline-link-delay.pl";
    private static final String PROXY_LOG = "/tmp/faultline-link-delay.log";
    private static final String PROXY_CONTROL = "/tmp/faultline-link-delay.conf";
    /** Whether the link proxy is in place (it stays until the containers go). */
    private volatile boolean linkProxy;
    /** Whether frame duplication may be on in a node, for the heal to turn off. */
    private final io.faultline.harness.system.FrameDuplicationSwitch duplication =
            new io.faultline.harness.system.FrameDuplicationSwitch(this::inProcessFaults, this::nodes);

    private final Cluster cluster;
    private final Map<Integer, String> ips = new HashMap<>();

    public DockerFaults(Cluster cluster) {
        this.cluster = cluster;
        for (NodeContainer n : cluster.nodes()) ips.put(n.id(), n.privateIp());
    }

    /**
     * Creates the chain on every node, and for a run that plans link faults the link proxy
     * (its one reset of the peer connections then comes before the workload); call once
     * before the first fault. True when it put the proxy in place (the cluster may be electing).
     */
    public boolean install(java.util.Collection<FaultPackage> planned) {
        install();
        boolean proxyDup = planned.contains(LinkDupFault.PACKAGE) && cluster.session().inProcessFaults().isEmpty();
        if (!planned.contains(LinkDelayFault.PACKAGE) && !proxyDup) return false;
        installLinkProxy();
        return true;
    }

    /** Creates the chain on every node; call once before the first fault. */
    public void install() {
        cluster.parallel(n -> n.exec("sh", "-c", Iptables.install()));
    }

    @Override
    public List<Integer> nodes() {
        return cluster.spec().ids();
    }

    @Override
    public Optional<Integer> leader() {
        return cluster.health().leader();
    }

    @Override
    public void kill(int node) {
        cluster.node(node).killNode();
    }

    @Override
    public void restart(int node) {
        NodeContainer n = cluster.node(node);
        if (!n.nodeRunning()) n.startNode();
    }

    @Override
    public void pause(int node) {
        cluster.node(node).pauseNode();
    }

    @Override
    public void resume(int node) {
        cluster.node(node).resumeNode();
    }

    @Override
    public void partition(Connectivity graph) {
        cluster.parallel(n -> n.exec("sh", "-c",
                Iptables.dropFrom(graph.blockedFrom(n.id()).stream().map(ips::get).toList())));
    }

    @Override
    public void loss(double probability) {
        cluster.parallel(n -> n.exec("sh", "-c", Iptables.lossFrom(ips.entrySet().stream()
                .filter(e -> e.getKey() != n.id()).map(java.util.Map.Entry::getValue).toList(), probability)));
    }

    /**
     * Holds peer traffic through the proxy of every container ({@link #installLinkProxy}, put in
     * place now if it was not at {@link #install}); the delay changes through the proxy's control
     * file and SIGHUP, so no connection breaks.
     */
    @Override
    public void delayLinks(int delayMillis, int jitterMillis, long seed) {
        if (!linkProxy) installLinkProxy();
        cluster.parallel(n -> setLinkDelay(n, delayMillis + " " + jitterMillis + " " + (seed ^ n.id())));
    }

    private static void setLinkDelay(NodeContainer n, String control) {
        n.exec("sh", "-c", "echo '" + control + "' > " + PROXY_CONTROL + " && pkill -HUP -f '^perl " + PROXY_SCRIPT + "'");
    }

    /**
     * A proxy in every container ({@code link-delay.pl}: perl is in every image, netem is not)
     * on the peer port + 10000, passing traffic at once until a delay is set, and a nat rule
     * that sends new peer connections to it. Connections made before bypass nat, so they are
     * reset once (peers reconnect, through the proxy): done before the workload when the run
     * plans link faults, else at the first one.
     */
    private void installLinkProxy() {
        int peer = cluster.spec().system().layout().peerPort();
        int proxy = peer + PROXY_PORT_OFFSET;
        String script = java.util.Base64.getEncoder().encodeToString(linkDelayScript());
        // Every packet still addressed to the peer port itself is of a connection made before the
        // redirect (new ones arrive at the proxy's port): reset them all, tracked or not.
        String reset = "-p tcp --dport " + peer + " ! -i lo -j REJECT --reject-with tcp-reset";
        cluster.parallel(n -> n.exec("sh", "-c",
                "echo " + script + " | base64 -d > " + PROXY_SCRIPT + " && echo '0 0 0' > " + PROXY_CONTROL
                        + " && (nohup perl " + PROXY_SCRIPT + " " + proxy + " " + peer + " " + PROXY_CONTROL
                        + " >" + PROXY_LOG + " 2>&1 </dev/null &)"
                        + " && sleep 0.3"
                        + " && (iptables -w -t nat -N " + CHAIN + " 2>/dev/null; iptables -w -t nat -F " + CHAIN
                        + "; iptables -w -t nat -C PREROUTING -j " + CHAIN + " 2>/dev/null"
                        + " || iptables -w -t nat -I PREROUTING -j " + CHAIN + ")"
                        + " && iptables -w -t nat -A " + CHAIN + " -p tcp --dport " + peer + " -j REDIRECT --to-ports " + proxy
                        + " && iptables -w -I " + CHAIN + " " + reset
                        + " && sleep 1.5 && iptables -w -D " + CHAIN + " " + reset));
        linkProxy = true;
    }

    private static byte[] linkDelayScript() {
        try (var in = DockerFaults.class.getResourceAsStream("link-delay.pl")) {
            if (in == null) throw new IllegalStateException("link-delay.pl is missing from the harness");
            return in.readAllBytes();
        } catch (java.io.IOException e) {
            throw new IllegalStateException("cannot read link-delay.pl: " + e, e);
        }
    }

    /** Peer links whole again: no drop rule, the link proxy (if any) passes traffic at once, no duplication. */
    @Override
    public void healNetwork() {
        cluster.parallel(n -> {
            n.exec("sh", "-c", Iptables.flush());
            if (linkProxy) setLinkDelay(n, "0 0 0");
        });
        duplication.heal();
    }

    /**
     * Through each node's Admin API when the system duplicates in its own transport, else through
     * the link proxy, which knows etcd's message streams (the run refuses link-dup for a system with
     * neither). Returns each node's count of frames doubled since the last change.
     */
    @Override
    public String duplicateLinks(double probability, long seed) {
        if (cluster.session().inProcessFaults().isPresent()) return duplication.set(probability, seed);
        if (!linkProxy) installLinkProxy();
        Map<Integer, String> said = new java.util.concurrent.ConcurrentHashMap<>();
        String stats = PROXY_CONTROL + ".stats";
        cluster.parallel(n -> said.put(n.id(), n.exec("sh", "-c", "rm -f " + stats + " && echo '0 0 " + (seed ^ n.id())
                + " " + probability + "' > " + PROXY_CONTROL + " && pkill -HUP -f '^perl " + PROXY_SCRIPT + "'"
                + " && for i in $(seq 50); do [ -s " + stats + " ] && break; sleep 0.1; done; cat " + stats).strip()));
        return String.join("; ", nodes().stream().map(id -> "n" + id + ": " + said.getOrDefault(id, "no answer")).toList());
    }

    @Override
    public void clockRate(int node, double rate) {
        inProcessFaults().clockRate(node, rate);
    }

    /** The run refuses clock-skew and link-dup for a system without them before it starts, so this is a bug. */
    private io.faultline.harness.system.InProcessFaults inProcessFaults() {
        return cluster.session().inProcessFaults().orElseThrow(() -> new IllegalStateException(
                cluster.spec().system().name() + " has no clock rate or frame duplication"));
    }

    @Override
    public List<NodeStatus> statuses() {
        return cluster.health().statuses();
    }

    @Override
    public boolean running(int node) {
        return cluster.node(node).nodeRunning();
    }

    @Override
    public void armCrashPoint(int node, String point, long commitIndex) {
        cluster.session().requireCrashPoints().arm(node, point, commitIndex);
    }

    @Override
    public void transferLeader(int leader, int to) {
        cluster.session().requireCrashPoints().transferLeader(leader, to);
    }

    @Override
    public List<Integer> removeMember(int node) {
        return memberChanges().remove(node);
    }

    @Override
    public List<Integer> addFreshMember(int node) {
        NodeContainer n = cluster.node(node);
        int generation = n.generation() + 1;
        // Wiped before it is added: the leader must never find the old member's data under the new identity.
        n.wipeNode();
        List<Integer> members = memberChanges().add(node, generation);
        n.startNode(generation, cluster.spec().system().joinCommand(node, generation, cluster.spec().membership(),
                members));
        return members;
    }

    /** The run refuses the membership nemesis for a system without it before it starts, so this is a bug. */
    private io.faultline.harness.system.MemberChanges memberChanges() {
        return cluster.session().memberChanges().orElseThrow(() -> new IllegalStateException(
                cluster.spec().system().name() + " has no membership changes"));
    }

    /**
     * SIGKILL, then (once the process is gone: a write it had under way must not land after the
     * drop) the power-loss file system drops the unsynced writes. The mount itself stays, so the
     * node restarts on what was synced.
     */
    @Override
    public String powerOff(int node, java.util.OptionalLong suffixSeed) {
        NodeContainer n = cluster.node(node);
        n.killAndAwaitExit(NodeContainer.KILL_EXIT_TIMEOUT);
        return suffixSeed.isPresent() ? n.powerLossFs("drop", "suffix", Long.toUnsignedString(suffixSeed.getAsLong()))
                : n.powerLossFs("drop", "all");
    }

    @Override
    public List<DataFile> dataFiles(int node) {
        SystemUnderTest system = cluster.spec().system();
        return DataFile.parseFind(cluster.node(node).exec(DataFile.find(system.layout().dataDir())), system.dataFiles());
    }

    @Override
    public String damage(int node, Damage damage) {
        NodeContainer n = cluster.node(node);
        if (damage instanceof Damage.BitFlip f) {
            return n.exec(PowerLossFs.flip(f.file(), f.offset(), f.mask())).strip();
        }
        Damage.Truncate t = (Damage.Truncate) damage;
        n.exec("truncate", "-s", Long.toString(t.size()), t.file());
        return t.describe();
    }

    /** Current rules of one node, for tests and evidence. */
    public String rules(int node) {
        return cluster.node(node).exec("sh", "-c", Iptables.list());
    }
}
