package io.faultline.harness.cli;

import io.faultline.checker.history.Op;
import io.faultline.harness.detect.DetectionMatrix;
import io.faultline.harness.detect.MatrixTable;
import io.faultline.harness.detect.Subject;
import io.faultline.harness.detect.Trial;
import io.faultline.harness.report.FoundAt;
import io.faultline.harness.shard.Shard;
import io.faultline.harness.shard.ShardSummary;
import io.faultline.harness.run.HistoryJudge;
import io.faultline.harness.run.Judgement;
import io.faultline.harness.run.RunConfig;
import io.faultline.harness.run.RunListener;
import io.faultline.harness.run.RunResult;
import io.faultline.harness.run.OptionValues;
import io.faultline.harness.run.RunOptions;
import io.faultline.harness.run.RunStatus;
import io.faultline.harness.run.Shares;
import io.faultline.harness.run.Runner;
import io.faultline.harness.system.SystemOptions;
import io.faultline.harness.system.faultline.FaultlineSystem;
import java.io.PrintStream;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code faultline detect}: the detection matrix. Every unsafe flag of the node, and the
 * healthy node, run with one configuration (every {@code faultline run} option) over
 * the same seeds; per flag the share of runs that caught it and when, and the healthy
 * node's false alarms.
 */
@Command(name = "detect", mixinStandardHelpOptions = true, sortOptions = false, usageHelpWidth = 110,
        header = "The detection matrix: how often runs of a configuration catch each of the node's planted bugs.",
        description = {
            "The detection matrix: run the node with each --unsafe-* bug, and the healthy node, with the same",
            "`faultline run` options over seeds S, S+1, ... (--seed, default 1; --seeds K), and print per flag the",
            "share of runs that caught it (checker: not linearizable), the median time to detection, and the healthy",
            "node's false alarms, as a Markdown table. Runs go seed by seed, every row once, so a matrix stopped",
            "with Ctrl-C has measured every row about equally; it prints what it measured. --shard I/N runs",
            "every row on one shard of the seeds; `faultline merge` prints all shards' table (docs/scale.md).",
            "",
            "Exit codes: 0 done (every flag caught in at least --require of its runs, no false alarm),",
            "1 a false alarm or a flag caught too rarely, 2 usage or setup error, 3 interrupted."
        })
public final class DetectCommand implements Callable<Integer> {
    @Mixin
    RunCommand run = new RunCommand();

    @Option(names = "--flags", defaultValue = "all",
            description = "Comma list of unsafe flags (stale-reads, early-ack, forgetful-votes, lost-fsync, "
                    + "stale-leader-commit; the --unsafe- prefix may be given) or all; the healthy node always runs "
                    + "too. Default: ${DEFAULT-VALUE}.")
    String flags;

    @Option(names = "--seeds", defaultValue = "10", description = "Seeds per row (K). Default: ${DEFAULT-VALUE}.")
    int seeds;

    @Option(names = "--require", defaultValue = "0%",
            description = "Exit 1 unless every flag is caught in at least this share of its runs, e.g. 50%%. "
                    + "Default: ${DEFAULT-VALUE}.")
    String require;

    @Option(names = "--parallel", defaultValue = "1",
            description = "Runs at once, each with its own cluster (on a small machine they slow each other down, "
                    + "which changes timings). Default: ${DEFAULT-VALUE}.")
    int parallel;

    @Mixin
    ShardOptions shards = new ShardOptions();

    @Spec
    CommandSpec spec;

    private final PrintStream out;
    private final PrintStream err;
    private final HistoryJudge judge;
    private final Runs runs;

    /** One run of the matrix: a cluster started with {@code config}. */
    @FunctionalInterface
    interface Runs {
        Trial run(RunConfig config, Subject subject, long seed) throws Exception;
    }

    public DetectCommand() {
        this(System.out, System.err, Judges.checker());
    }

    DetectCommand(PrintStream out, PrintStream err, HistoryJudge judge) {
        this(out, err, judge, null);
    }

    private DetectCommand(PrintStream out, PrintStream err, HistoryJudge judge, Runs runs) {
        this.out = out;
        this.err = err;
        this.judge = judge;
        this.runs = runs != null ? runs : this::trial;
    }

    /** A matrix whose runs are {@code runs}' (a test's, without Docker). */
    static DetectCommand withRuns(PrintStream out, PrintStream err, Runs runs) {
        return new DetectCommand(out, err, null, runs);
    }

    @Override
    public Integer call() {
        Plan plan;
        try {
            plan = plan();
        } catch (IllegalArgumentException e) {
            err.println("faultline detect: " + e.getMessage());
            return RunStatus.SETUP_ERROR.exitCode();
        }
        // The launcher checks the options this way before it prepares Docker: nothing may run.
        if (run.validateOnly) return 0;
        try (ExitAfterInterrupt exit = new ExitAfterInterrupt(err, RunStatus.INTERRUPTED.exitCode(), 180)) {
            int code = execute(plan, exit::interrupted);
            exit.exitCode(code);
            return code;
        }
    }

    /**
     * What the matrix will run, every option checked before the first run.
     *
     * @param shard    null when the run is not sharded
     * @param allSeeds the seeds of every shard
     */
    record Plan(DetectionMatrix matrix, Map<Subject, RunConfig> configs, int requiredPercent, String command,
            int parallel, Shard shard, List<Long> allSeeds) {
        /** What the shards compare before they merge: the rows' run options and the matrix's own. */
        Map<String, String> configuration(String version) {
            RunConfig healthy = configs.get(Subject.HEALTHY);
            Map<String, String> c = new LinkedHashMap<>(RunOptions.texts(healthy.options(), RunOptions.ALL));
            c.remove(RunOptions.SEED.name());
            healthy.cluster().system().options().values().forEach((name, value) -> c.put("system-opt " + name, value));
            c.put("flags", String.join(",", matrix.subjects().stream().map(Subject::label).toList()));
            c.put("require", requiredPercent + "%");
            c.put("parallel", String.valueOf(parallel));
            c.put("faultline-version", version);
            return c;
        }
    }

    Plan plan() {
        if (run.runs != 1) throw new IllegalArgumentException("--runs is not for detect; use --seeds K");
        OptionValues values = run.values();
        String system = values.get(RunOptions.SYSTEM);
        if (!FaultlineSystem.NAME.equals(system)) {
            throw new IllegalArgumentException("the unsafe flags are the faultline node's; --system " + system
                    + " has none");
        }
        int required = Shares.percent("--require", require);
        if (parallel < 1 || parallel > 16) throw new IllegalArgumentException("--parallel must be between 1 and 16");
        List<Subject> subjects = Subject.parse(flags,
                values.get(RunOptions.NEMESIS).stream().map(io.faultline.harness.nemesis.FaultPackage::name).toList());
        Long seed = values.get(RunOptions.SEED);
        List<Long> all = DetectionMatrix.seeds(seed == null ? 1 : seed, seeds);
        Shard shard = shards.shard().orElse(null);
        DetectionMatrix matrix = new DetectionMatrix(subjects, shard == null ? all : shard.pick(all));
        String userFlags = userNodeFlags();
        Map<Subject, RunConfig> configs = new LinkedHashMap<>();
        String saved = run.nodeFlags;
        try {
            for (Subject s : subjects) {
                run.nodeFlags = (userFlags + " " + s.nodeFlags()).trim();
                configs.put(s, run.config());
            }
        } finally {
            run.nodeFlags = saved;
        }
        return new Plan(matrix, configs, required, command(false), parallel, shard, all);
    }

    /** The user's own node flags (--node-flags or --system-opt node-flags=…), kept in every row. */
    private String userNodeFlags() {
        if (run.nodeFlags != null) return run.nodeFlags;
        String flagsOpt = "";
        for (String a : run.systemOpts) {
            Map.Entry<String, String> e = SystemOptions.parseAssignment(a);
            if (e.getKey().equals(FaultlineSystem.NODE_FLAGS)) flagsOpt = e.getValue();
        }
        return flagsOpt;
    }

    int execute(Plan plan, java.util.function.BooleanSupplier interrupted) {
        DetectionMatrix m = plan.matrix();
        err.println("[detect] " + m.subjects().size() + " rows x " + m.runs() / m.subjects().size() + " seeds = "
                + m.runs() + " runs, " + plan.parallel() + " at a time: " + plan.command());
        String loadBefore = io.faultline.harness.bench.LoadAverage.threeAverages();
        long startNanos = System.nanoTime();
        java.util.concurrent.atomic.AtomicInteger index = new java.util.concurrent.atomic.AtomicInteger();
        java.util.Set<String> started = java.util.concurrent.ConcurrentHashMap.newKeySet();
        List<Trial> trials;
        try {
            trials = m.run((s, seed) -> {
                if (started.add(s.label() + "@" + seed)) {
                    err.printf(Locale.ROOT, "[detect] %d/%d %s, seed %d%n", index.incrementAndGet(), m.runs(), s.label(), seed);
                } else {
                    err.printf(Locale.ROOT, "[detect] once more: %s, seed %d (its cluster did not start)%n", s.label(), seed);
                }
                try {
                    return runs.run(plan.configs().get(s).withSeed(seed), s, seed);
                } catch (IllegalStateException e) {
                    // Ctrl-C between two runs: the next run cannot add its shutdown hook any more.
                    if (interrupted.getAsBoolean()) return new Trial(s, seed, RunStatus.INTERRUPTED, null, 0, null, 0, 0);
                    throw e;
                }
            }, interrupted, t -> err.printf(Locale.ROOT, "[detect]   %s, seed %d: %s%s after %.0f s: %s%n",
                    t.subject().label(), t.seed(), t.status().words(),
                    t.foundAtSeconds() == null ? "" : String.format(Locale.ROOT, " (found at %.1f s)", t.foundAtSeconds()),
                    t.wallSeconds(), t.directory()), plan.parallel());
        } catch (Exception e) {
            err.println("faultline detect: " + e.getMessage());
            return RunStatus.SETUP_ERROR.exitCode();
        }
        List<MatrixTable.Row> rows = MatrixTable.rows(m.subjects(), trials);
        boolean complete = trials.size() == m.runs();
        String loadAfter = io.faultline.harness.bench.LoadAverage.threeAverages();
        printTable(out, plan.command(), trials.size(), m.runs(), "load average at the start " + loadBefore
                + ", at the end " + loadAfter, rows);
        if (plan.shard() != null) {
            try {
                err.println("[detect] shard " + plan.shard() + ": summary " + summary(plan, trials, complete,
                        loadBefore, loadAfter, (System.nanoTime() - startNanos) / 1e9).write(plan.configs()
                        .get(Subject.HEALTHY).outputRoot()));
            } catch (java.io.IOException e) {
                err.println("faultline detect: cannot write the shard summary: " + e.getMessage());
                return RunStatus.SETUP_ERROR.exitCode();
            }
        }
        return verdict(rows, complete, trials, plan.requiredPercent(), err);
    }

    /** The table under a comment that says how it was made (and whether it was stopped early). */
    static void printTable(PrintStream out, String command, int trialsRun, int runs, String load,
                           List<MatrixTable.Row> rows) {
        out.println("<!-- " + command + (trialsRun == runs ? "" : "  (stopped early: " + trialsRun + " of "
                + runs + " runs)") + "; " + load + " -->");
        out.print(MatrixTable.markdown(rows));
        out.flush();
    }

    /** The exit code of a matrix, each flag caught too rarely and each false alarm said on {@code err}. */
    static int verdict(List<MatrixTable.Row> rows, boolean complete, List<Trial> trials, int requiredPercent,
                       PrintStream err) {
        if (!complete) {
            boolean setup = trials.stream().anyMatch(t -> t.status() == RunStatus.SETUP_ERROR);
            return setup ? RunStatus.SETUP_ERROR.exitCode() : RunStatus.INTERRUPTED.exitCode();
        }
        boolean ok = true;
        for (MatrixTable.Row r : rows) {
            if (r.subject().healthy() ? r.caught() > 0 : !r.atLeast(requiredPercent)) {
                err.println("[detect] " + (r.subject().healthy() ? r.caught() + " false alarm(s) on the healthy node"
                        : r.subject().flag() + " caught in " + r.caught() + " of " + r.runs() + ", under "
                        + requiredPercent + "%"));
                ok = false;
            }
        }
        return ok ? 0 : RunStatus.VIOLATION.exitCode();
    }

    private ShardSummary summary(Plan plan, List<Trial> trials, boolean complete, String loadBefore, String loadAfter,
                                 double wallSeconds) {
        String version = io.faultline.cli.Faultline.version();
        String shared = command(true);
        return new ShardSummary(ShardSummary.FORMAT, ShardSummary.DETECT, plan.shard().index(), plan.shard().count(),
                plan.allSeeds().get(0), plan.allSeeds().get(plan.allSeeds().size() - 1), plan.configuration(version),
                shared, wallSeconds, complete, loadBefore, loadAfter, null,
                trials.stream().map(ShardSummary.DetectTrial::of).toList());
    }

    private Trial trial(RunConfig config, Subject s, long seed) throws java.io.IOException {
        Judgement[] judged = {null};
        List<Op>[] history = new List[] {null};
        HistoryJudge capture = (ops, model, timeout) -> {
            history[0] = ops;
            return judged[0] = judge.judge(ops, model, timeout);
        };
        long start = System.nanoTime();
        RunResult r = new Runner(config, capture, RunListener.SILENT, io.faultline.harness.report.ReportWriter::writeRun, io.faultline.cli.Faultline.version()).run();
        double found = FoundAt.seconds(judged[0], history[0]).orElse(Double.NaN);
        return new Trial(s, seed, r.status(), Double.isNaN(found) ? null : found, (System.nanoTime() - start) / 1e9,
                r.directory(), r.faultsPlayed(), r.faultsPlanned());
    }

    /** The command as given; {@code shared}: without the shard options, as every shard ran it. */
    private String command(boolean shared) {
        List<String> args = spec == null ? List.of() : spec.commandLine().getParseResult().originalArgs();
        // Through `faultline detect …` the parse result starts with the subcommand's own name.
        if (!args.isEmpty() && args.get(0).equals("detect")) args = args.subList(1, args.size());
        if (shared) args = ShardOptions.without(args);
        return ("./faultline detect " + String.join(" ", args.stream().map(io.faultline.harness.run.RunOptions::shellWord).toList())).trim();
    }
}
