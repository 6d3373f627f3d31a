package io.faultline.harness.nemesis;

import io.faultline.harness.cluster.Cluster;
import io.faultline.harness.cluster.NodeContainer;
import io.faultline.harness.system.NodeStatus;
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
    private final Cluster cluster;
    private final Map<Integer, String> ips = new HashMap<>();

    public DockerFaults(Cluster cluster) {
        this.cluster = cluster;
        for (NodeContainer n : cluster.nodes()) ips.put(n.id(), n.privateIp());
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

    @Override
    public void healNetwork() {
        cluster.parallel(n -> n.exec("sh", "-c", Iptables.flush()));
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

    /** Current rules of one node, for tests and evidence. */
    public String rules(int node) {
        return cluster.node(node).exec("sh", "-c", Iptables.list());
    }
}
