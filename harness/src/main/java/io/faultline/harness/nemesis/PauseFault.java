package io.faultline.harness.nemesis;

import java.util.Map;
import java.util.function.Consumer;

/** SIGSTOP of one node process; SIGCONT when the fault ends. */
public record PauseFault(Target target) implements Fault {
    public static final FaultPackage PACKAGE = new FaultPackage("pause",
            "SIGSTOP a node (random or leader), SIGCONT later", d -> new PauseFault(d.target()));

    public String kind() {
        return PACKAGE.name();
    }

    public String describe() {
        return "pause " + target;
    }

    @Override
    public Readiness readiness() {
        return target.isLeader() ? Readiness.LEADER_AIMED : Readiness.LEADER;
    }

    public Struck start(FaultTarget cluster, int leader, Consumer<String> log) {
        int n = target.resolve(leader);
        cluster.pause(n);
        return Struck.of("pause " + target.name(leader), Map.of(n, Effect.PAUSED));
    }

    public Struck stop(FaultTarget cluster, Struck started, Consumer<String> log) {
        started.effects().keySet().forEach(cluster::resume);
        return started;
    }
}
