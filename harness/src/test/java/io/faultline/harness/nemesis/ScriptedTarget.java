package io.faultline.harness.nemesis;

import io.faultline.harness.system.NodeStatus;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * A 3-node cluster for the scripted faults' tests: it records what it is asked to
 * do, and a subclass says how the nodes react (which one goes down, who leads).
 */
abstract class ScriptedTarget implements FaultTarget {
    final List<String> actions = new ArrayList<>();
    final Set<Integer> down = new HashSet<>();

    /** What node {@code n} says of itself while it runs. */
    abstract NodeStatus statusOf(int n);

    void afterKill(int node) {}

    void afterRestart(int node) {}

    void afterPartition() {}

    static NodeStatus status(int id, long term, String role, long lastIndex) {
        return NodeStatus.of(id, new NodeStatus.State(role, term, 0, 0, 0, lastIndex));
    }

    public List<Integer> nodes() {
        return List.of(1, 2, 3);
    }

    public Optional<Integer> leader() {
        return statuses().stream().filter(NodeStatus::isLeader).map(NodeStatus::id).findFirst();
    }

    public void kill(int node) {
        actions.add("kill " + node);
        down.add(node);
        afterKill(node);
    }

    public void restart(int node) {
        actions.add("restart " + node);
        down.remove(node);
        afterRestart(node);
    }

    public void pause(int node) {}

    public void resume(int node) {}

    public void partition(Connectivity graph) {
        actions.add("partition " + graph.describe());
        afterPartition();
    }

    public void loss(double probability) {}

    public String powerOff(int node, java.util.OptionalLong suffixSeed) {
        throw new UnsupportedOperationException("not a scripted fault's action");
    }

    public List<DataFile> dataFiles(int node) {
        throw new UnsupportedOperationException("not a scripted fault's action");
    }

    public String damage(int node, Damage damage) {
        throw new UnsupportedOperationException("not a scripted fault's action");
    }

    public void healNetwork() {
        actions.add("heal");
    }

    public List<NodeStatus> statuses() {
        List<NodeStatus> out = new ArrayList<>();
        for (int n : nodes()) out.add(down.contains(n) ? new NodeStatus(n, null, "UNAVAILABLE") : statusOf(n));
        return out;
    }

    public boolean running(int node) {
        return !down.contains(node);
    }

    public void armCrashPoint(int node, String point, long commitIndex) {
        actions.add("arm " + node + " " + point + (commitIndex > 0 ? " " + commitIndex : ""));
    }

    public void transferLeader(int leader, int to) {
        actions.add("transfer " + leader + " to " + to);
    }

    // The scripted faults change no membership and slow no link.

    public List<Integer> removeMember(int node) {
        throw new UnsupportedOperationException("no script removes a member");
    }

    public List<Integer> addFreshMember(int node) {
        throw new UnsupportedOperationException("no script adds a member");
    }

    public void delayLinks(int delayMillis, int jitterMillis, long seed) {
        throw new UnsupportedOperationException("no script delays links");
    }

    public String duplicateLinks(double probability, long seed) {
        throw new UnsupportedOperationException("no script duplicates messages");
    }

    public void clockRate(int node, double rate) {
        throw new UnsupportedOperationException("no script skews a clock");
    }
}
