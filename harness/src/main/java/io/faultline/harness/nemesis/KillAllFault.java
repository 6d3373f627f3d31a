package io.faultline.harness.nemesis;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * SIGKILL of every node, the leader first, then the seeded {@code order}: the whole cluster
 * down at once (what exposes writes acknowledged before a quorum had them durable, as far as
 * a process kill can: the page cache survives it). Restarted when the fault ends.
 */
public record KillAllFault(List<Integer> order) implements Fault {
    public static final FaultPackage PACKAGE = new FaultPackage("kill-all",
            "SIGKILL every node at once, the leader first (the whole cluster down), restart them later",
            d -> new KillAllFault(d.order()));

    public KillAllFault {
        order = List.copyOf(order);
    }

    public String kind() {
        return PACKAGE.name();
    }

    public String describe() {
        return "kill all " + order.size() + " nodes (the leader first)";
    }

    /** {@code order} with {@code leader} moved to the front: the whole cluster goes down, the leader first. */
    static List<Integer> leaderFirst(List<Integer> order, int leader) {
        List<Integer> nodes = new ArrayList<>(order);
        nodes.remove(Integer.valueOf(leader));
        nodes.add(0, leader);
        return nodes;
    }

    public Struck start(FaultTarget cluster, int leader, Consumer<String> log) {
        List<Integer> nodes = leaderFirst(order, leader);
        Struck struck = Struck.of("kill " + CrashPointFault.names(nodes) + " (all, leader n" + leader + " first)",
                Struck.all(nodes, Effect.DOWN));
        for (int n : nodes) cluster.kill(n);
        return struck;
    }

    public Struck stop(FaultTarget cluster, Struck started, Consumer<String> log) {
        started.effects().keySet().forEach(cluster::restart);
        return started;
    }
}
