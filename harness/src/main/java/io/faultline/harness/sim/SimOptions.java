package io.faultline.harness.sim;

import io.faultline.harness.nemesis.NemesisPlan;
import io.faultline.harness.run.OptionValues;
import io.faultline.harness.run.RunOptions;
import io.faultline.harness.workload.Workload;
import io.faultline.sim.FaultProfile;
import java.time.Duration;
import java.util.List;

/**
 * One simulated run's shape; everything else comes from the seed.
 *
 * @param timeLimit   virtual time the workload runs
 * @param nodeFlags   the nodes' command-line flags (e.g. an unsafe flag with its consent)
 * @param finalBudget after healing, the final reads give up once no key could be read for this long (virtual time)
 * @param faults      the simulator's own random faults
 * @param nemesis     the fault packages of {@code run}, on the same schedule a Docker run of the seed has
 */
public record SimOptions(int nodes, Workload workload, int concurrency, double rate, Duration timeLimit,
        Duration opTimeout, List<String> nodeFlags, FaultProfile faults, Duration finalBudget, Duration checkTimeout,
        NemesisPlan nemesis) {

    public SimOptions {
        nodeFlags = List.copyOf(nodeFlags);
        if (nemesis == null) nemesis = NemesisPlan.NONE;
        if (nodes < 1) throw new IllegalArgumentException("--nodes must be at least 1");
        if (concurrency < 1) throw new IllegalArgumentException("--concurrency must be at least 1");
    }

    /** A 3-node kv run of 30 simulated seconds with every fault kind. */
    public static SimOptions defaults() {
        return new SimOptions(3, Workload.kv(10), 8, 200, Duration.ofSeconds(30), Duration.ofMillis(1500), List.of(),
                FaultProfile.all(), Duration.ofSeconds(30), Duration.ofSeconds(60), NemesisPlan.NONE);
    }

    public SimOptions withNodeFlags(List<String> flags) {
        return new SimOptions(nodes, workload, concurrency, rate, timeLimit, opTimeout, flags, faults, finalBudget,
                checkTimeout, nemesis);
    }

    public SimOptions withFaults(FaultProfile f) {
        return new SimOptions(nodes, workload, concurrency, rate, timeLimit, opTimeout, nodeFlags, f, finalBudget,
                checkTimeout, nemesis);
    }

    public SimOptions withWorkload(Workload w) {
        return new SimOptions(nodes, w, concurrency, rate, timeLimit, opTimeout, nodeFlags, faults, finalBudget,
                checkTimeout, nemesis);
    }

    public SimOptions withTimeLimit(Duration t) {
        return new SimOptions(nodes, workload, concurrency, rate, t, opTimeout, nodeFlags, faults, finalBudget,
                checkTimeout, nemesis);
    }

    public SimOptions withNemesis(NemesisPlan n) {
        return new SimOptions(nodes, workload, concurrency, rate, timeLimit, opTimeout, nodeFlags, faults, finalBudget,
                checkTimeout, n);
    }

    /** The options of {@code run} and {@code sim} that give this shape ({@link RunOptions#SIM}). */
    public OptionValues runOptions() {
        OptionValues v = OptionValues.of(RunOptions.SIM, RunOptions.SIM_DEFAULTS);
        v = RunOptions.withNemesisPlan(RunOptions.withWorkload(v, workload), nemesis);
        return v.with(RunOptions.NODES, nodes).with(RunOptions.CONCURRENCY, concurrency).with(RunOptions.RATE, rate)
                .with(RunOptions.TIME_LIMIT, timeLimit).with(RunOptions.OP_TIMEOUT, opTimeout);
    }

    /** The command that replays {@code seed} of this shape. */
    public String replayCommand(long seed) {
        StringBuilder b = new StringBuilder("./faultline sim --seed ").append(seed)
                .append(RunOptions.spelled(runOptions(), RunOptions.SIM))
                .append(" --faults ").append(faults.faults().isEmpty() ? "none"
                        : String.join(",", faults.faults().stream().map(FaultProfile.Kind::wireName).toList()))
                .append(" --fault-gap ").append(faults.meanGapMs()).append("ms")
                .append(" --drop ").append(faults.network().drop())
                .append(" --duplicate ").append(faults.network().duplicate())
                .append(" --reorder ").append(faults.network().reorder());
        if (!nodeFlags.isEmpty()) b.append(" --node-flags '").append(String.join(" ", nodeFlags)).append("'");
        return b.toString();
    }
}
