package io.faultline.harness.nemesis;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * A partition of the given shape over {@code order}, a seeded permutation of the nodes (for
 * partition-leader the leader is moved to the front when it starts). Each shape is a package
 * of its own, and {@code partition} draws one of them.
 */
public record PartitionFault(PartitionShape shape, List<Integer> order) implements Fault {
    public static final List<FaultPackage> PACKAGES = List.of(
            new FaultPackage("partition", "a partition of a random shape (any of the partition-* below)",
                    d -> new PartitionFault(PartitionShape.values()[d.rnd().nextInt(PartitionShape.values().length)],
                            d.order())),
            of(PartitionShape.HALVES, "cut the cluster into two halves"),
            of(PartitionShape.ISOLATE_ONE, "isolate one random node"),
            of(PartitionShape.ISOLATE_LEADER, "isolate the current leader"),
            of(PartitionShape.MAJORITIES_RING, "majorities ring: every node sees a different majority"),
            of(PartitionShape.BRIDGE, "two halves joined by one bridge node"));

    public PartitionFault {
        order = List.copyOf(order);
    }

    private static FaultPackage of(PartitionShape shape, String help) {
        return new FaultPackage("partition-" + shape.shortName(), help, d -> new PartitionFault(shape, d.order()));
    }

    /** Every shape is recorded as "partition": the shape is in the op's extra. */
    public String kind() {
        return "partition";
    }

    public String describe() {
        if (shape == PartitionShape.ISOLATE_LEADER) return "partition leader (whichever node leads then)";
        return "partition " + shape.shortName() + " " + shape.build(order).describe();
    }

    @Override
    public Readiness readiness() {
        return shape == PartitionShape.ISOLATE_LEADER ? Readiness.LEADER_AIMED : Readiness.LEADER;
    }

    public Struck start(FaultTarget cluster, int leader, Consumer<String> log) {
        List<Integer> nodes = new ArrayList<>(order);
        if (shape == PartitionShape.ISOLATE_LEADER) {
            nodes.remove(Integer.valueOf(leader));
            nodes.add(0, leader);
        }
        Connectivity graph = shape.build(nodes);
        Optional<String> wrong = shape.check(graph);
        if (wrong.isPresent()) throw new IllegalStateException("partition has the wrong shape: " + wrong.get());
        // A clean split strikes its minority side only; a ring or a bridge strikes every node that lost a link.
        boolean split = graph.components().stream().allMatch(graph::isClique);
        Map<Integer, Effect> effects = new LinkedHashMap<>();
        for (int n : graph.nodes()) {
            if (graph.view(n).size() < graph.majority()) effects.put(n, Effect.CUT_OFF);
            else if (!split && graph.degree(n) < graph.nodes().size() - 1) effects.put(n, Effect.LINKS_CUT);
        }
        List<String> cuts = new ArrayList<>();
        for (int[] c : graph.cutPairs()) cuts.add("n" + c[0] + "-n" + c[1]);
        Map<String, Object> extra = new LinkedHashMap<>();
        extra.put("shape", shape.shortName());
        extra.put("cut", cuts);
        cluster.partition(graph);
        return new Struck("partition " + shape.shortName() + " " + graph.describe(), effects, extra);
    }

    public Struck stop(FaultTarget cluster, Struck started, Consumer<String> log) {
        cluster.healNetwork();
        return started;
    }
}
