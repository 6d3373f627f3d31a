package io.faultline.harness.nemesis;

import java.util.Map;
import java.util.function.Consumer;

/** A fault on one node (a fixed one, or the leader): an action when it starts, its undoing when it ends. */
interface OneNodeFault extends Fault {
    Target target();

    /** What it does to the node, as the lanes draw it. */
    Effect effect();

    void act(FaultTarget cluster, int node);

    void undo(FaultTarget cluster, int node);

    @Override
    default String describe() {
        return kind() + " " + target();
    }

    @Override
    default Readiness readiness() {
        return target().isLeader() ? Readiness.LEADER_AIMED : Readiness.LEADER;
    }

    @Override
    default Struck start(FaultTarget cluster, int leader, Consumer<String> log) {
        int n = target().resolve(leader);
        act(cluster, n);
        return Struck.of(kind() + " " + target().name(leader), Map.of(n, effect()));
    }

    @Override
    default Struck stop(FaultTarget cluster, Struck started, Consumer<String> log) {
        started.effects().keySet().forEach(n -> undo(cluster, n));
        return started;
    }
}
