package io.faultline.harness.cli;

import io.faultline.checker.verdict.Verdict;
import io.faultline.checker.history.HistoryWriter;
import io.faultline.checker.history.Op;
import io.faultline.harness.bench.HeadlessOpen;
import io.faultline.harness.bench.LoadAverage;
import io.faultline.harness.bench.SyntheticRun;
import io.faultline.harness.cluster.ClusterHealth;
import io.faultline.harness.report.ReportWriter;
import io.faultline.harness.run.RunSummary;
import io.faultline.harness.run.CheckerJudge;
import io.faultline.harness.run.Judgement;
import io.faultline.harness.run.OptionValues;
import io.faultline.harness.run.RunConfig;
import io.faultline.harness.run.RunOptions;
import io.faultline.harness.run.RunStatus;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code faultline bench-report}: how long a big run report takes to open. Writes the report of
 * a synthetic run (a kv history shaped like a long chaos run, with partitions, node logs and one
 * stale read, checked by the real checker) and opens it in headless Chromium several times.
 */
@Command(name = "bench-report", mixinStandardHelpOptions = true, sortOptions = false, usageHelpWidth = 110,
        description = {
            "Benchmark the run report: write the report of a synthetic run (N operations over a run of",
            "S seconds, 50 clients, 100 keys, a partition of the leader every 15 s, one stale read), then",
            "open it in headless Chromium several times and print, per load and as the median, when the",
            "page had drawn everything in view and when that frame was painted (ms since navigation),",
            "with the load average. Exit 2 on bad input or when Chromium cannot be run."
        })
public final class BenchReportCommand implements Callable<Integer> {
    @Option(names = "--ops", defaultValue = "100000", description = "Client operations. Default: ${DEFAULT-VALUE}.")
    int ops;

    @Option(names = "--seconds", defaultValue = "120", description = "Length of the synthetic run. Default: ${DEFAULT-VALUE}.")
    double seconds;

    @Option(names = "--loads", defaultValue = "5", description = "Times the page is opened. Default: ${DEFAULT-VALUE}.")
    int loads;

    @Option(names = "--seed", defaultValue = "1", description = "Seed of the synthetic history. Default: ${DEFAULT-VALUE}.")
    long seed;

    @Option(names = "--out", description = "Directory of the report (a run directory's layout). "
            + "Default: histories/bench/report-<ops> under FAULTLINE_HOME.")
    Path out;

    @Option(names = "--chromium", defaultValue = "chromium", description = "The browser. Default: ${DEFAULT-VALUE}.")
    String chromium;

    @Option(names = "--window", defaultValue = "1400,2000", description = "Browser window, width,height: what is "
            + "in view is drawn at once, the rest when scrolled to (a tall window draws every chart). "
            + "Default: ${DEFAULT-VALUE}.")
    String window;

    @Option(names = "--no-open", description = "Write the report, do not open it.")
    boolean noOpen;

    private final PrintStream err;

    public BenchReportCommand() {
        this(System.err);
    }

    BenchReportCommand(PrintStream err) {
        this.err = err;
    }

    @Override
    public Integer call() throws Exception {
        if (ops < 1 || seconds <= 0 || loads < 1 || !window.matches("\\d+,\\d+")) {
            err.println("faultline bench-report: --ops, --seconds and --loads must be positive, --window WIDTH,HEIGHT");
            return 2;
        }
        Path dir = out != null ? out : RunCommand.defaultOut().getParent().resolve("bench").resolve("report-" + ops);
        long t0 = System.nanoTime();
        SyntheticRun run = SyntheticRun.generate(ops, seconds, seed);
        Path report = write(run, dir);
        err.printf(Locale.ROOT, "[bench] %d operations over %.0f s (seed %d): %s, %.1f MB, written in %.1f s%n",
                ops, seconds, seed, report, Files.size(report) / 1e6, (System.nanoTime() - t0) / 1e9);
        if (noOpen) return 0;
        HeadlessOpen browser = new HeadlessOpen(chromium, window);
        String loadBefore = LoadAverage.now();
        List<HeadlessOpen.Load> results = new ArrayList<>();
        try {
            for (int i = 0; i < loads; i++) {
                HeadlessOpen.Load l = browser.open(report);
                results.add(l);
                err.printf(Locale.ROOT, "[bench] load %d: drawn %d ms, painted %s ms (load average %s); %s%n", i + 1,
                        l.drawnMs(), l.paintedMs() < 0 ? "?" : Long.toString(l.paintedMs()), LoadAverage.oneMinute(),
                        l.phases());
            }
        } catch (IOException e) {
            err.println("faultline bench-report: " + e.getMessage());
            return 2;
        }
        err.printf(Locale.ROOT, "[bench] median of %d loads (window %s): drawn %s ms, painted %s ms; load average before %s, after %s; "
                        + "%d cores%n", loads, window, spread(results, HeadlessOpen.Load::drawnMs),
                spread(results, HeadlessOpen.Load::paintedMs), loadBefore, LoadAverage.now(),
                Runtime.getRuntime().availableProcessors());
        return 0;
    }

    /** "median (min–max)" of the loads that have the figure. */
    private static String spread(List<HeadlessOpen.Load> loads, java.util.function.ToLongFunction<HeadlessOpen.Load> f) {
        long[] v = loads.stream().mapToLong(f).filter(x -> x >= 0).sorted().toArray();
        if (v.length == 0) return "?";
        return String.format(Locale.ROOT, "%d (%d–%d)", v[v.length / 2], v[0], v[v.length - 1]);
    }

    /** The run directory a real run would leave, as far as the report reads it: history, node logs, report. */
    private Path write(SyntheticRun run, Path dir) throws IOException {
        Files.createDirectories(dir.resolve("nodes"));
        try (HistoryWriter w = HistoryWriter.open(dir.resolve("history.jsonl"))) {
            for (Op o : run.ops()) w.append(o);
        }
        for (Map.Entry<String, List<String>> log : run.logs().entrySet()) {
            Files.write(dir.resolve("nodes").resolve(log.getKey() + ".log"), log.getValue());
        }
        // What the synthetic run stands for, so that the report's header describes it.
        RunConfig config = new RunConfig(OptionValues.defaults(RunOptions.ALL).with(RunOptions.NODES, 3)
                .with(RunOptions.KEYS, SyntheticRun.KEYS)
                .with(RunOptions.TIME_LIMIT, Duration.ofSeconds(Math.max(1, Math.round(seconds))))
                .with(RunOptions.CONCURRENCY, SyntheticRun.CLIENTS).with(RunOptions.RATE, 0.0)
                .with(RunOptions.NEMESIS, io.faultline.harness.nemesis.FaultPackages.parse("partition"))
                .with(RunOptions.NEMESIS_INTERVAL, Duration.ofSeconds(15)).with(RunOptions.SEED, seed),
                Map.of(), dir.getParent(), null);
        Judgement j = new CheckerJudge().judge(run.ops(), "kv", Duration.ofMinutes(2));
        RunStatus status = j.verdict() == Verdict.NOT_LINEARIZABLE ? RunStatus.VIOLATION : RunStatus.LINEARIZABLE;
        RunSummary summary = new RunSummary(config, "bench-report", SyntheticRun.ZERO,
                SyntheticRun.ZERO.plusSeconds(Math.round(run.ops().get(run.ops().size() - 1).time() / 1e9)), status,
                j.summary(), RunSummary.countOps(run.ops()), run.faults(), run.faults().size(),
                new ClusterHealth.Recovery(true, 900, List.of("n1: leader")), List.of(), j, null);
        Path report = dir.resolve("report.html");
        ReportWriter.write(report, summary, run.ops(), SyntheticRun.ZERO);
        return report;
    }
}
