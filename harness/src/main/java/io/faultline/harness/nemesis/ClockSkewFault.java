package io.faultline.harness.nemesis;

import io.faultline.harness.system.Capability;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

/**
 * One node's clock runs fast or slow while the fault lasts: its ticker (heartbeats, election
 * timeouts) and its deadlines (request timeouts) at {@code rate} times true time, the other
 * nodes' at 1. A fast node times out its elections before its peers, a slow leader's
 * heartbeats come late. Under Docker through the node's Admin.SetClockRate; in simulation
 * the node's simulated clock. Systems whose processes read the kernel's clock cannot take it.
 */
public record ClockSkewFault(Target target, double rate) implements Fault {
    public static final FaultPackage PACKAGE = new FaultPackage("clock-skew",
            "one node's clock and ticker run 0.25-4x as fast as true time (log-uniform, so as often slow as fast),"
                    + " set back to 1x at the end",
            Set.of(Capability.CLOCK_RATE), ClockSkewFault::draw);

    /** Log-uniform in [1/4, 4], to two decimals (as the nemesis log prints it, so a rerun applies the same). */
    private static ClockSkewFault draw(FaultPackage.Draw d) {
        Target target = d.target();
        double rate = Math.round(Math.pow(4, d.rnd().nextDouble(-1, 1)) * 100) / 100.0;
        return new ClockSkewFault(target, rate);
    }

    public String kind() {
        return PACKAGE.name();
    }

    public String describe() {
        return "clock of " + target + " at " + rateWords();
    }

    private String rateWords() {
        return String.format(Locale.ROOT, "%.2fx (%s)", rate, rate >= 1 ? "fast" : "slow");
    }

    @Override
    public Readiness readiness() {
        return target.isLeader() ? Readiness.LEADER_AIMED : Readiness.LEADER;
    }

    public Struck start(FaultTarget cluster, int leader, Consumer<String> log) {
        int n = target.resolve(leader);
        cluster.clockRate(n, rate);
        Map<String, Object> extra = new LinkedHashMap<>();
        extra.put("clock-rate", rate);
        return new Struck("clock of " + target.name(leader) + " at " + rateWords(), Map.of(n, Effect.CLOCK_SKEWED), extra);
    }

    /** Back to 1x; a node that went down meanwhile comes back at 1x by itself. */
    public Struck stop(FaultTarget cluster, Struck started, Consumer<String> log) {
        for (int n : started.effects().keySet()) {
            try {
                cluster.clockRate(n, 1);
            } catch (RuntimeException e) {
                if (cluster.running(n)) throw e;
                log.accept("clock-skew: n" + n + " is down; a restarted process runs at 1x (" + e.getMessage() + ")");
            }
        }
        return started;
    }
}
