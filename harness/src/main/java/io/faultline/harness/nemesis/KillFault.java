package io.faultline.harness.nemesis;

import java.util.Map;
import java.util.function.Consumer;

/** SIGKILL of one node process; restarted with its data when the fault ends. */
public record KillFault(Target target) implements Fault {
    public static final FaultPackage PACKAGE = new FaultPackage("kill",
            "SIGKILL a node (random or leader), restart it later with its data", d -> new KillFault(d.target()));

    public String kind() {
        return PACKAGE.name();
    }

    public String describe() {
        return "kill " + target;
    }

    @Override
    public Readiness readiness() {
        return target.isLeader() ? Readiness.LEADER_AIMED : Readiness.LEADER;
    }

    public Struck start(FaultTarget cluster, int leader, Consumer<String> log) {
        int n = target.resolve(leader);
        cluster.kill(n);
        return Struck.of("kill " + target.name(leader), Map.of(n, Effect.DOWN));
    }

    public Struck stop(FaultTarget cluster, Struck started, Consumer<String> log) {
        started.effects().keySet().forEach(cluster::restart);
        return started;
    }
}
