package io.faultline.harness.cli;

import io.faultline.harness.cluster.PowerLossFs;
import io.faultline.harness.system.Capability;
import io.faultline.harness.generator.Seeds;
import io.faultline.harness.report.JUnitXml;
import io.faultline.harness.report.RunsIndex;
import io.faultline.harness.run.HistoryJudge;
import io.faultline.harness.run.OptionValues;
import io.faultline.harness.run.RunConfig;
import io.faultline.harness.run.RunOption;
import io.faultline.harness.run.RunOptions;
import io.faultline.harness.run.RunListener;
import io.faultline.harness.run.RunResult;
import io.faultline.harness.run.RunStatus;
import io.faultline.harness.run.Runner;
import io.faultline.harness.system.SystemOptions;
import io.faultline.harness.system.faultline.FaultlineSystem;
import java.util.LinkedHashMap;
import java.util.Map;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code faultline run}: a chaos test against a cluster of Raft KV nodes, in Docker or on SSH hosts. */
@Command(name = "run", mixinStandardHelpOptions = true, sortOptions = false, usageHelpWidth = 110,
        modelTransformer = RunOptionSpecs.class,
        header = "Chaos-test a cluster of KV nodes (Docker, or hosts over SSH) and check the history for linearizability.",
        description = {
            "Start a cluster of KV nodes (--system) in Docker, or on --hosts over SSH (docs/scale.md), run a",
            "workload while injecting faults, heal, wait for recovery, read every key, and check the history",
            "for linearizability. Every run leaves",
            "histories/runs/<timestamp>-<workload>-<seed>/ with history.jsonl, config.json, nemesis.log,",
            "nodes/<n>.log, result.json and report.html.",
            "",
            "Exit codes: 0 every run linearizable, 1 a violation found, 2 usage or setup error,",
            "3 result unknown (the checker ran out of time) or interrupted (Ctrl-C), 4 the cluster did",
            "not recover after healing (a liveness finding).",
            "After every run histories/runs/index.html lists all runs (latest: histories/runs/latest);",
            "the console output is kept as run.log; JUnit XML of the runs goes to <out>/junit.xml."
        })
public final class RunCommand implements Callable<Integer>, RunOptionSpecs.Taker {
    static {
        RegistryHelp.register();
    }

    /** The run options given on the command line, by name ({@link RunOptions}; their picocli options are made from it). */
    private final Map<String, String> given = new LinkedHashMap<>();

    @Option(names = "--profile", paramLabel = "NAME", description = {RegistryHelp.PROFILES, "Default: none."})
    String profile;

    @Option(names = "--system-opt", paramLabel = "NAME=VALUE",
            description = "An option of the system, repeatable. " + RegistryHelp.SYSTEM_OPTIONS
                    + " (docs/systems.md says what each does). Default: none.")
    List<String> systemOpts = new java.util.ArrayList<>();

    @Option(names = "--runs", defaultValue = "1",
            description = "Repeat with seeds derived from --seed; stop at the first violation. Default: ${DEFAULT-VALUE}.")
    int runs;

    @Option(names = "--node-flags",
            description = "Short for --system-opt node-flags=FLAGS (faultline): extra flags passed verbatim to every "
                    + "node (recorded in config.json). Default: none.")
    String nodeFlags;

    @Option(names = "--out", description = "Where run directories go. Default: $FAULTLINE_HOME/histories/runs.")
    Path out;

    @Option(names = "--no-progress", description = "No live progress line (e.g. for CI logs).")
    boolean noProgress;

    // The launcher checks the options this way before it prepares Docker, so bad input costs no Docker work.
    @Option(names = "--validate-only", hidden = true, description = "Check the options, print nothing, run nothing.")
    boolean validateOnly;

    private final HistoryJudge judge;
    private final PrintStream err;

    public RunCommand() {
        this(Judges.checker(), System.err);
    }

    RunCommand(HistoryJudge judge, PrintStream err) {
        this.judge = judge;
        this.err = err;
    }

    @Override
    public Integer call() {
        RunConfig config;
        try {
            config = config();
        } catch (IllegalArgumentException e) {
            err.println("faultline run: " + e.getMessage());
            return RunStatus.SETUP_ERROR.exitCode();
        }
        if (validateOnly) return 0;
        // On Ctrl-C the JVM would exit 130 once the run has cleaned up; the documented
        // code for an interrupted run is 3, so the hook waits for the run's last words and exits with it.
        try (ExitAfterInterrupt exit = new ExitAfterInterrupt(err, RunStatus.INTERRUPTED.exitCode(), 120)) {
            int code = runAll(config);
            exit.exitCode(code);
            return code;
        }
    }

    private int runAll(RunConfig config) {
        int worst = 0;
        List<JUnitXml.Case> cases = new ArrayList<>();
        try {
            for (int i = 0; i < runs; i++) {
                RunConfig c = config.withSeed(Seeds.ofRun(config.seed(), i));
                ConsoleListener console = new ConsoleListener(err, !noProgress && System.console() != null);
                if (runs > 1) console.phase((i + 1) + " of " + runs + ", seed " + c.seed());
                long started = System.nanoTime();
                RunResult r;
                try {
                    r = new Runner(c, judge, console, io.faultline.harness.report.ReportWriter::writeRun, io.faultline.cli.Faultline.version()).run();
                } catch (java.io.IOException e) {
                    err.println("faultline run: cannot write the run directory: " + e.getMessage());
                    return RunStatus.SETUP_ERROR.exitCode();
                }
                console.phase(r.summary());
                console.phase("report: " + r.report());
                keepLog(console, r);
                rebuildIndex(c.outputRoot());
                cases.add(new JUnitXml.Case(r.directory().getFileName() + " (seed " + c.seed() + ")",
                        r.status().wireName(), (System.nanoTime() - started) / 1e9, r.summary(), r.report().toString()));
                if (r.status() == RunStatus.VIOLATION) return r.status().exitCode();
                if (r.status() == RunStatus.INTERRUPTED || r.status() == RunStatus.SETUP_ERROR) return r.status().exitCode();
                worst = Math.max(worst, r.status().exitCode());
            }
            return worst;
        } finally {
            finishRuns(config.outputRoot(), cases);
        }
    }

    /** The run's console output, kept beside its report. */
    private void keepLog(ConsoleListener console, RunResult r) {
        try {
            java.nio.file.Files.writeString(r.directory().resolve("run.log"), console.transcript());
        } catch (java.io.IOException e) {
            err.println("[run] could not write run.log: " + e.getMessage());
        }
    }

    private void rebuildIndex(Path root) {
        try {
            err.println("[run] runs index: " + RunsIndex.rebuild(root));
        } catch (java.io.IOException | RuntimeException e) {
            err.println("[run] could not rebuild the runs index: " + e.getMessage());
        }
    }

    /** After the last run: a summary table when there were several, and JUnit XML for CI. */
    private void finishRuns(Path root, List<JUnitXml.Case> cases) {
        if (cases.isEmpty()) return;
        if (cases.size() > 1 || runs > 1) {
            err.println("[run] summary of " + cases.size() + " of " + runs + " runs:");
            err.println(String.format(java.util.Locale.ROOT, "  %-14s %8s  %s", "status", "time", "run"));
            for (JUnitXml.Case c : cases) {
                err.println(String.format(java.util.Locale.ROOT, "  %-14s %7.0fs  %s", c.status(), c.seconds(), c.name()));
            }
        }
        Path xml = root.resolve("junit.xml");
        try {
            JUnitXml.write(xml, "faultline.run", cases);
            err.println("[run] JUnit XML: " + xml);
        } catch (java.io.IOException e) {
            err.println("[run] could not write " + xml + ": " + e.getMessage());
        }
    }

    /**
     * The run that {@code faultline run ARGS} would make (the JUnit API builds its runs here, so
     * both have one set of declarations, defaults and checks); IllegalArgumentException for
     * options it refuses, with picocli's or the check's words.
     */
    public static RunConfig configOf(List<String> args) {
        RunCommand command = new RunCommand();
        try {
            new CommandLine(command).parseArgs(args.toArray(String[]::new));
        } catch (CommandLine.ParameterException e) {
            throw new IllegalArgumentException(e.getMessage(), e);
        }
        return command.config();
    }

    @Override
    public List<RunOption<?>> runOptions() {
        return RunOptions.ALL;
    }

    @Override
    public Map<String, String> givenRunOptions() {
        return given;
    }

    /** The run options as given, over the profile's, over their defaults; on hosts, as many nodes as hosts. */
    OptionValues values() {
        Map<String, String> profileOptions = profile().map(Profile::options).orElse(Map.of());
        OptionValues v = OptionValues.of(RunOptions.ALL, given, profileOptions);
        String nodes = RunOptions.NODES.name();
        if (given.containsKey(nodes) || profileOptions.containsKey(nodes)) return v;
        return RunOptions.hosts(v).map(h -> v.with(RunOptions.NODES, h.addresses().size())).orElse(v);
    }

    private java.util.Optional<Profile> profile() {
        return java.util.Optional.ofNullable(profile).map(Profile::byName);
    }

    RunConfig config() {
        if (runs < 1) throw new IllegalArgumentException("--runs must be at least 1");
        OptionValues v = values();
        boolean docker = v.get(RunOptions.HOSTS) == null && v.get(RunOptions.HOSTS_FILE) == null;
        if (docker && v.get(RunOptions.NEMESIS).stream().anyMatch(p -> p.needs().contains(Capability.POWER_LOSS_FS))) {
            PowerLossFs.hostProblem().ifPresent(why -> {
                throw new IllegalArgumentException(why);
            });
        }
        return new RunConfig(v, systemOptions(v.get(RunOptions.SYSTEM)), out != null ? out : defaultOut(), profile);
    }

    /** The profile's system options, under --system-opt, under --node-flags (the faultline option it stands for). */
    private Map<String, String> systemOptions(String system) {
        Map<String, String> opts = new LinkedHashMap<>(profile().map(Profile::systemOptions).orElse(Map.of()));
        for (String a : systemOpts) {
            Map.Entry<String, String> e = SystemOptions.parseAssignment(a);
            opts.put(e.getKey(), e.getValue());
        }
        if (nodeFlags != null) {
            if (!FaultlineSystem.NAME.equals(system)) {
                throw new IllegalArgumentException("--node-flags is an option of the faultline system, not of " + system);
            }
            opts.put(FaultlineSystem.NODE_FLAGS, nodeFlags);
        }
        return opts;
    }

    static Path defaultOut() {
        String home = System.getenv("FAULTLINE_HOME");
        return (home == null ? Path.of(".") : Path.of(home)).resolve("histories").resolve("runs");
    }

    /**
     * Phases as lines, progress as one line rewritten in place (only on a terminal), a line
     * whenever a fault starts or stops, and a transcript of all of it for run.log.
     */
    static final class ConsoleListener implements RunListener {
        private final PrintStream err;
        private final boolean live;
        private final StringBuilder transcript = new StringBuilder();
        private boolean lineOpen;
        private long lastPrinted;

        ConsoleListener(PrintStream err, boolean live) {
            this.err = err;
            this.live = live;
        }

        @Override
        public synchronized void phase(String message) {
            if (lineOpen) err.println();
            lineOpen = false;
            err.println("[run] " + message);
            transcript.append("[run] ").append(message).append('\n');
        }

        @Override
        public synchronized void progress(Progress p) {
            if (live) {
                err.print("\r[run] " + p.line() + "\033[K");
                err.flush();
                lineOpen = true;
            }
            if (System.nanoTime() - lastPrinted > 10_000_000_000L) {
                if (!live) err.println("[run] " + p.line());
                transcript.append("[run] ").append(p.line()).append('\n');
                lastPrinted = System.nanoTime();
            }
        }

        synchronized String transcript() {
            return transcript.toString();
        }
    }
}
