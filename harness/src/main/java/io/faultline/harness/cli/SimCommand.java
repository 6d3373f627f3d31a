package io.faultline.harness.cli;

import io.faultline.checker.cli.Durations;
import io.faultline.harness.run.OptionValues;
import io.faultline.harness.run.RunConfig;
import io.faultline.harness.run.RunOption;
import io.faultline.harness.run.RunOptions;
import io.faultline.harness.run.RunStatus;
import io.faultline.harness.nemesis.NemesisPlan;
import io.faultline.harness.sim.SimOptions;
import io.faultline.harness.sim.SimRun;
import io.faultline.harness.sim.SimSeries;
import io.faultline.harness.shard.Configuration;
import io.faultline.harness.shard.Shard;
import io.faultline.harness.shard.ShardSummary;
import io.faultline.harness.workload.Workload;
import io.faultline.sim.FaultProfile;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code faultline sim}: the real node code under a seeded simulator, many seeds a minute. */
@Command(name = "sim", mixinStandardHelpOptions = true, usageHelpWidth = 110, sortOptions = false,
        modelTransformer = RunOptionSpecs.class,
        description = {
            "Run the node's real code in a deterministic simulation (virtual time, simulated network and disks,",
            "random faults from the seed), with the harness's workload and checker. --seed S replays one seed",
            "bit for bit and leaves a run directory; --seeds N (or A..B) runs many and stops at the first failure.",
            "--shard I/N runs one shard of the seeds; `faultline merge` prints all shards' summary (docs/scale.md).",
            "Exit codes: 0 every seed linearizable and recovered, 1 a violation, 3 a cluster that did not recover",
            "or a verdict unknown, 2 usage error."
        })
public final class SimCommand implements Callable<Integer>, RunOptionSpecs.Taker {
    static {
        RegistryHelp.register();
    }

    /**
     * The options shared with {@code run} given on the command line, by name: the cluster's size,
     * the workload and the fault packages of {@code faultline run}, on the schedule a Docker run
     * of the same seed has ({@link RunOptions#SIM}).
     */
    private final Map<String, String> given = new LinkedHashMap<>();

    @Option(names = "--seed", description = "Replay this one seed; its run directory is always written.")
    Long seed;

    @Option(names = "--seeds", defaultValue = "100",
            description = "How many seeds (1..N) or a range A..B. Default: ${DEFAULT-VALUE}.")
    String seeds;

    @Option(names = "--from-run", paramLabel = "DIR",
            description = "Replay a Docker run's seed, workload and fault schedule (its config.json) against the "
                    + "simulated node: the same faults planned at the same times, with targets resolved in simulation.")
    Path fromRun;

    @Option(names = "--keep-going", description = "Run every seed even after a failure; count the failures.")
    boolean keepGoing;

    @Option(names = "--faults",
            description = "The simulator's own random faults: all, none, or a list of crash, crash-leader, crash-all, "
                    + "crash-step, crash-after-vote, crash-after-commit, isolate, isolate-leader, partition, one-way, "
                    + "flaky-network, pause, pause-leader, clock-skew. Default: all, or none with --nemesis.")
    String faults;

    @Option(names = "--fault-gap", defaultValue = "1500ms", description = "Mean time between faults. Default: ${DEFAULT-VALUE}.")
    String faultGap;

    @Option(names = "--drop", defaultValue = "0.01", description = "Message loss probability. Default: ${DEFAULT-VALUE}.")
    double drop;

    @Option(names = "--duplicate", defaultValue = "0.005", description = "Duplication probability. Default: ${DEFAULT-VALUE}.")
    double duplicate;

    @Option(names = "--reorder", defaultValue = "0.01", description = "Reordering probability. Default: ${DEFAULT-VALUE}.")
    double reorder;

    @Option(names = "--node-flags", defaultValue = "",
            description = "Flags for every node, e.g. '--unsafe-stale-reads --i-know-this-is-unsafe'.")
    String nodeFlags;

    @Option(names = "--out", description = "Where run directories go. Default: $FAULTLINE_HOME/histories/runs.")
    Path out;

    @Option(names = "--threads", defaultValue = "1",
            description = "Seeds simulated in parallel (each run stays single-threaded and deterministic). Default: ${DEFAULT-VALUE}.")
    int threads;

    @Option(names = "--no-progress", description = "No progress lines.")
    boolean noProgress;

    @Mixin
    ShardOptions shards = new ShardOptions();

    private final PrintStream err;

    public SimCommand() {
        this(System.err);
    }

    SimCommand(PrintStream err) {
        this.err = err;
    }

    @Override
    public Integer call() {
        SimOptions options;
        List<Long> all;
        java.util.Optional<Shard> shard;
        try {
            if (fromRun != null) seed = fromRunConfig().seed();
            options = options();
            shard = shards.shard();
            if (shard.isPresent() && seed != null) {
                throw new IllegalArgumentException(shards.given() + " shares out a --seeds range; it is not for "
                        + (fromRun != null ? "--from-run" : "--seed"));
            }
            long[] range = seed != null ? new long[] {seed, seed} : parseSeeds(seeds);
            all = java.util.stream.LongStream.rangeClosed(range[0], range[1]).boxed().toList();
            if (shard.isPresent()) shard.get().pick(all);
        } catch (RuntimeException e) {
            err.println("faultline sim: " + e.getMessage());
            return RunStatus.SETUP_ERROR.exitCode();
        }
        Path root = out != null ? out : RunCommand.defaultOut();
        String version = io.faultline.cli.Faultline.version();
        SimSeries series = new SimSeries(options, root, version, err, !noProgress, threads);
        if (shard.isEmpty()) return series.run(all, seed != null, keepGoing, s -> { }).exitCode();
        List<ShardSummary.SimSeed> taken = new java.util.ArrayList<>();
        SimSeries.Ran ran = series.run(shard.get().pick(all), false, keepGoing, s -> taken.add(seedOf(s)));
        ShardSummary summary = new ShardSummary(ShardSummary.FORMAT, ShardSummary.SIM, shard.get().index(),
                shard.get().count(), all.get(0), all.get(all.size() - 1), configuration(options, keepGoing, version),
                null, ran.wallSeconds(), true, null, null, taken, null);
        try {
            err.println("[sim] shard " + shard.get() + ": summary " + summary.write(root));
        } catch (java.io.IOException e) {
            err.println("faultline sim: cannot write the shard summary into " + root + ": " + e.getMessage());
            return RunStatus.SETUP_ERROR.exitCode();
        }
        return ran.exitCode();
    }

    /** What decides the seeds' outcomes: the replay line's options, --keep-going and the version. */
    static java.util.Map<String, String> configuration(SimOptions options, boolean keepGoing, String version) {
        java.util.Map<String, String> c = new java.util.LinkedHashMap<>(
                Configuration.ofCommandLine(options.replayCommand(0), List.of("seed")));
        c.put("keep-going", String.valueOf(keepGoing));
        c.put("faultline-version", version);
        return c;
    }

    private static ShardSummary.SimSeed seedOf(SimSeries.Seeded s) {
        SimRun.Outcome o = s.outcome();
        boolean printed = s.directory() != null;
        return new ShardSummary.SimSeed(o.seed(), o.status(), o.simulatedSeconds(), printed ? o.why() : null,
                printed ? s.directory().toString() : null, printed ? s.replay() : null);
    }

    @Override
    public List<RunOption<?>> runOptions() {
        return RunOptions.SIM;
    }

    @Override
    public Map<String, String> runOptionDefaults() {
        return RunOptions.SIM_DEFAULTS;
    }

    @Override
    public Map<String, String> givenRunOptions() {
        return given;
    }

    SimOptions options() {
        if (fromRun != null) return fromRun(fromRunConfig());
        OptionValues v = OptionValues.of(RunOptions.SIM, given, RunOptions.SIM_DEFAULTS);
        Workload w = RunOptions.workload(v);
        List<String> flags = nodeFlags.isBlank() ? List.of() : Arrays.asList(nodeFlags.trim().split("\\s+"));
        NemesisPlan plan = RunOptions.nemesisPlan(v);
        int nodes = v.get(RunOptions.NODES);
        if (!plan.isEmpty() && nodes < 3) throw new IllegalArgumentException("faults need at least 3 nodes");
        if (plan.packages().contains(io.faultline.harness.nemesis.CorruptFault.PACKAGE)) {
            throw new IllegalArgumentException(io.faultline.harness.sim.SimFaults.CORRUPTION_NOT_SIMULATED);
        }
        String kinds = faults != null ? faults : plan.isEmpty() ? "all" : "none";
        FaultProfile profile = FaultProfile.parse(kinds, Durations.parse(faultGap).toMillis(), drop, duplicate, reorder);
        return new SimOptions(nodes, w, v.get(RunOptions.CONCURRENCY), v.get(RunOptions.RATE),
                v.get(RunOptions.TIME_LIMIT), v.get(RunOptions.OP_TIMEOUT), flags, profile, Duration.ofSeconds(30),
                Duration.ofMinutes(2), plan);
    }

    /** The recorded run's configuration, read back as `faultline rerun` reads it. */
    private RunConfig fromRunConfig() {
        RunCommand run = new RunCommand();
        new CommandLine(run).parseArgs(RerunCommand.runArguments(fromRun).toArray(String[]::new));
        return run.config();
    }

    /**
     * The simulated run of a Docker run: its seed, nodes, workload, load and fault plan, the
     * node's flags; the simulator's own faults off. The simulated node keeps its own Raft timing.
     */
    static SimOptions fromRun(RunConfig run) {
        if (!run.cluster().system().name().equals(io.faultline.harness.systems.Systems.DEFAULT)) {
            throw new IllegalArgumentException("the run was of " + run.cluster().system().name()
                    + "; the simulator runs the Faultline node only");
        }
        String flags = run.cluster().system().options().text("node-flags").trim();
        SimOptions defaults = SimOptions.defaults();
        return new SimOptions(run.cluster().nodes(), run.workload(), run.concurrency(), run.rate(), run.timeLimit(),
                run.opTimeout(), flags.isEmpty() ? List.of() : Arrays.asList(flags.split("\\s+")),
                FaultProfile.parse("none", 1500, defaults.faults().network().drop(),
                        defaults.faults().network().duplicate(), defaults.faults().network().reorder()),
                defaults.finalBudget(), defaults.checkTimeout(),
                new NemesisPlan(run.nemesis(), run.nemesisInterval(), run.faultDuration()));
    }

    /** "N" is 1..N; "A..B" is A to B inclusive. */
    static long[] parseSeeds(String text) {
        int dots = text.indexOf("..");
        if (dots < 0) {
            long n = Long.parseLong(text.trim());
            if (n < 1) throw new IllegalArgumentException("--seeds must be at least 1");
            return new long[] {1, n};
        }
        long a = Long.parseLong(text.substring(0, dots).trim());
        long b = Long.parseLong(text.substring(dots + 2).trim());
        if (b < a) throw new IllegalArgumentException("--seeds " + text + ": empty range");
        return new long[] {a, b};
    }
}
