package io.faultline.harness.nemesis;

import io.faultline.harness.cluster.Cluster;
import io.faultline.harness.cluster.NodeContainer;
import io.faultline.harness.cluster.PowerLossFs;
import io.faultline.harness.system.CrashPoints;
import io.faultline.harness.system.NodeStatus;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Faults on real containers, for any system: signals to the node process via {@code docker exec},
 * and iptables rules in a chain of its own ({@code faultline}) hooked into INPUT,
 * which drop traffic from the peers a node must not hear. Dropping on input at
 * both ends cuts a link both ways. Client traffic (from the host through the
 * bridge gateway) is never dropped.
 */
public final class DockerFaults implements FaultTarget {
    static final String CHAIN = "faultline";
    private static final long PROCESS_EXIT_SECONDS = 20;

    private final Cluster cluster;
    private final Map<Integer, String> ips = new HashMap<>();

    public DockerFaults(Cluster cluster) {
        this.cluster = cluster;
        for (NodeContainer n : cluster.nodes()) ips.put(n.id(), n.privateIp());
    }

    /** Creates the chain on every node; call once before the first fault. */
    public void install() {
        cluster.parallel(n -> n.exec("sh", "-c",
                "iptables -w -N " + CHAIN + " 2>/dev/null || iptables -w -F " + CHAIN
                        + "; iptables -w -C INPUT -j " + CHAIN + " 2>/dev/null || iptables -w -I INPUT -j " + CHAIN));
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
        cluster.parallel(n -> {
            StringBuilder script = new StringBuilder("iptables -w -F " + CHAIN);
            for (int peer : graph.blockedFrom(n.id())) {
                script.append(" && iptables -w -A ").append(CHAIN).append(" -s ").append(ips.get(peer)).append(" -j DROP");
            }
            n.exec("sh", "-c", script.toString());
        });
    }

    @Override
    public void loss(double probability) {
        String p = String.format(Locale.ROOT, "%.3f", probability);
        cluster.parallel(n -> {
            StringBuilder script = new StringBuilder("iptables -w -F " + CHAIN);
            for (var e : ips.entrySet()) {
                if (e.getKey() == n.id()) continue;
                script.append(" && iptables -w -A ").append(CHAIN).append(" -s ").append(e.getValue())
                        .append(" -m statistic --mode random --probability ").append(p).append(" -j DROP");
            }
            n.exec("sh", "-c", script.toString());
        });
    }

    @Override
    public void healNetwork() {
        cluster.parallel(n -> n.exec("iptables", "-w", "-F", CHAIN));
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
        crashPoints().arm(node, point, commitIndex);
    }

    @Override
    public void transferLeader(int leader, int to) {
        crashPoints().transferLeader(leader, to);
    }

    /**
     * SIGKILL, then (once the process is gone: a write it had under way must not land after the
     * drop) the power-loss file system drops the unsynced writes. The mount itself stays, so the
     * node restarts on what was synced.
     */
    @Override
    public String powerOff(int node, java.util.OptionalLong suffixSeed) {
        NodeContainer n = cluster.node(node);
        n.killNode();
        long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(PROCESS_EXIT_SECONDS);
        while (n.nodeRunning()) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException(n.name() + " still runs " + PROCESS_EXIT_SECONDS + " s after SIGKILL");
            }
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted during a power loss", e);
            }
        }
        return suffixSeed.isPresent() ? n.powerLossFs("drop", "suffix", Long.toUnsignedString(suffixSeed.getAsLong()))
                : n.powerLossFs("drop", "all");
    }

    @Override
    public List<DataFile> dataFiles(int node) {
        String dir = cluster.spec().system().layout().dataDir();
        String out = cluster.node(node).exec("find", dir, "-type", "f", "-printf", "%s %p\\n");
        List<DataFile> files = new java.util.ArrayList<>();
        for (String line : out.lines().toList()) {
            int sp = line.indexOf(' ');
            if (sp > 0) files.add(new DataFile(line.substring(sp + 1), Long.parseLong(line.substring(0, sp))));
        }
        files.sort(java.util.Comparator.comparing(DataFile::path));
        return files;
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

    /** The run refuses scripted nemeses for a system without crash points before it starts, so this is a bug. */
    private CrashPoints crashPoints() {
        return cluster.session().crashPoints().orElseThrow(() -> new IllegalStateException(
                cluster.spec().system().name() + " has no crash points"));
    }

    /** Current rules of one node, for tests and evidence. */
    public String rules(int node) {
        return cluster.node(node).exec("iptables", "-w", "-S", CHAIN);
    }
}
