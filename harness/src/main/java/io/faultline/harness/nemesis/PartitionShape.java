package io.faultline.harness.nemesis;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The network partitions the nemesis can make, each built as a connectivity graph
 * from an ordering of the nodes and each able to check that a graph really has its
 * shape (so a wrong construction is caught before it is applied).
 */
public enum PartitionShape {
    /** Two halves that cannot talk to each other. */
    HALVES("halves"),
    /** One node cut off from all others. */
    ISOLATE_ONE("one"),
    /** The current leader cut off from all others. */
    ISOLATE_LEADER("leader"),
    /** Every node sees a majority, and no two nodes see the same majority. */
    MAJORITIES_RING("ring"),
    /** Two halves that only one node, the bridge, connects. */
    BRIDGE("bridge");

    private final String shortName;

    PartitionShape(String shortName) {
        this.shortName = shortName;
    }

    public String shortName() {
        return shortName;
    }

    public static PartitionShape byShortName(String name) {
        for (PartitionShape s : values()) {
            if (s.shortName.equals(name)) return s;
        }
        throw new IllegalArgumentException("unknown partition shape '" + name + "'");
    }

    /**
     * The graph of this shape. {@code order} is a permutation of the nodes (chosen
     * from the seed); for the isolating shapes its first node is the one cut off.
     */
    public Connectivity build(List<Integer> order) {
        int n = order.size();
        if (n < 3) throw new IllegalArgumentException("partitions need at least 3 nodes, got " + n);
        return switch (this) {
            case HALVES -> Connectivity.groups(order, List.of(order.subList(0, n / 2), order.subList(n / 2, n)));
            case ISOLATE_ONE, ISOLATE_LEADER ->
                    Connectivity.groups(order, List.of(order.subList(0, 1), order.subList(1, n)));
            case MAJORITIES_RING -> ring(order);
            case BRIDGE -> {
                Connectivity c = Connectivity.groups(order,
                        List.of(order.subList(1, 1 + (n - 1) / 2), order.subList(1 + (n - 1) / 2, n)));
                for (int i = 1; i < n; i++) c.connect(order.get(0), order.get(i));
                yield c;
            }
        };
    }

    /**
     * Nodes on a ring, each connected to those within distance d, with d the
     * smallest that gives every node a majority. When that would connect everyone
     * (3 nodes) the ring is opened into a path, which keeps both properties.
     */
    private static Connectivity ring(List<Integer> order) {
        int n = order.size();
        int majority = n / 2 + 1;
        int d = (majority - 1 + 1) / 2; // ceil((majority - 1) / 2)
        Connectivity c = Connectivity.empty(order);
        if (2 * d + 1 >= n) {
            for (int i = 0; i + 1 < n; i++) c.connect(order.get(i), order.get(i + 1));
            return c;
        }
        for (int i = 0; i < n; i++) {
            for (int k = 1; k <= d; k++) c.connect(order.get(i), order.get((i + k) % n));
        }
        return c;
    }

    /** Why {@code g} does not have this shape, or empty when it does. */
    public Optional<String> check(Connectivity g) {
        int n = g.nodes().size();
        List<java.util.Set<Integer>> comps = g.components();
        return switch (this) {
            case HALVES -> {
                if (comps.size() != 2) yield Optional.of("halves: expected 2 components, got " + comps);
                if (Math.abs(comps.get(0).size() - comps.get(1).size()) > 1) {
                    yield Optional.of("halves: sizes differ by more than one: " + comps);
                }
                if (!comps.stream().allMatch(g::isClique)) yield Optional.of("halves: a side is not fully connected");
                yield Optional.empty();
            }
            case ISOLATE_ONE, ISOLATE_LEADER -> {
                long isolated = g.nodes().stream().filter(v -> g.degree(v) == 0).count();
                if (comps.size() != 2 || isolated != 1) {
                    yield Optional.of("isolate: expected one isolated node and one group, got " + comps);
                }
                if (!comps.stream().allMatch(g::isClique)) yield Optional.of("isolate: the rest is not fully connected");
                yield Optional.empty();
            }
            case MAJORITIES_RING -> {
                if (g.isComplete()) yield Optional.of("ring: nothing is cut");
                Set<Set<Integer>> views = new HashSet<>();
                for (int v : g.nodes()) {
                    Set<Integer> view = g.view(v);
                    if (view.size() < g.majority()) {
                        yield Optional.of("ring: n" + v + " sees only " + Connectivity.names(view));
                    }
                    if (!views.add(view)) {
                        yield Optional.of("ring: two nodes see the same majority " + Connectivity.names(view));
                    }
                }
                yield Optional.empty();
            }
            case BRIDGE -> {
                List<Integer> bridges = new ArrayList<>();
                for (int v : g.nodes()) {
                    if (g.degree(v) != n - 1) continue;
                    List<Set<Integer>> sides = g.componentsWithout(v);
                    if (sides.size() == 2 && sides.stream().allMatch(g::isClique)) bridges.add(v);
                }
                if (bridges.size() != 1) yield Optional.of("bridge: expected exactly one bridge node, got " + bridges);
                yield Optional.empty();
            }
        };
    }
}
