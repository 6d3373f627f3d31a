package io.faultline.checker.bench;

import io.faultline.checker.CheckOptions;
import io.faultline.checker.CheckResult;
import io.faultline.checker.Checker;
import io.faultline.checker.verdict.Verdict;
import io.faultline.checker.cli.DurationConverter;
import io.faultline.checker.history.History;
import io.faultline.checker.history.HistoryException;
import io.faultline.checker.history.HistoryReader;
import io.faultline.checker.history.HistoryWriter;
import io.faultline.checker.history.Op;
import io.faultline.checker.model.Model;
import io.faultline.checker.model.Models;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code faultline bench-checker}: times the checker in-process, after warm-up, on a directory
 * of reference histories (with {@code verdicts.tsv}) and on a generated long kv history, and
 * prints per-file and total times and the peak heap.
 */
@Command(name = "bench-checker", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Benchmark the linearizability checker (run with -Xmx2g for the 1M-op figure).")
public final class BenchCommand implements Callable<Integer> {

    @Option(names = "--dir", paramLabel = "DIR", description = "histories with a verdicts.tsv"
            + " (default: $FAULTLINE_HOME/histories/reference, or ./histories/reference)")
    Path dir;

    @Option(names = "--warmup", defaultValue = "10", description = "untimed passes first (default: ${DEFAULT-VALUE})")
    int warmup;

    @Option(names = "--runs", defaultValue = "5", description = "timed passes; the median is shown (default: ${DEFAULT-VALUE})")
    int runs;

    @Option(names = "--generated-ops", defaultValue = "1000000",
            description = "invocations in the generated kv history; 0 skips it (default: ${DEFAULT-VALUE})")
    int generatedOps;

    @Option(names = "--keys", defaultValue = "1000", description = "keys of the generated history (default: ${DEFAULT-VALUE})")
    int keys;

    @Option(names = "--processes", defaultValue = "50", description = "processes of the generated history (default: ${DEFAULT-VALUE})")
    int processes;

    @Option(names = "--seed", description = "seed of the generated history (default: random, printed)")
    Long seed;

    @Option(names = "--shapes-max-ops", defaultValue = "1000000", paramLabel = "N",
            description = "check the generated shapes of at most N invocations (10k, 100k, 1M); 0 skips them"
                    + " (default: ${DEFAULT-VALUE})")
    int shapesMaxOps;

    @Option(names = "--shapes-dir", paramLabel = "DIR", description = "where the shapes' JSON Lines files are"
            + " written (and reused when there), for running Porcupine on the same files"
            + " (default: $TMPDIR/faultline-shapes)")
    Path shapesDir;

    @Option(names = "--shapes-match", defaultValue = "", paramLabel = "TEXT",
            description = "check only the shapes whose file name contains TEXT, e.g. kv-mixed or -1k-")
    String shapesMatch;

    @Option(names = "--shapes-runs", defaultValue = "3", description = "timed checks per shape below 1M ops;"
            + " the median is shown (default: ${DEFAULT-VALUE})")
    int shapesRuns;

    @Option(names = "--skip-reference", description = "skip the reference histories")
    boolean skipReference;

    @Option(names = "--timeout", defaultValue = "60s", converter = DurationConverter.class,
            description = "budget per check (default: ${DEFAULT-VALUE})")
    Duration timeout;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    public static void main(String[] args) {
        System.exit(new CommandLine(new BenchCommand()).execute(args));
    }

    @Override
    public Integer call() throws IOException {
        PrintWriter out = spec.commandLine().getOut();
        CheckOptions options = CheckOptions.defaults().withTimeout(timeout).withShrink(false);
        int mismatches = 0;
        try {
            Path directory = dir != null ? dir : defaultDir();
            if (!skipReference) {
                mismatches = referenceBench(out, directory, options);
            }
        } catch (HistoryException e) {
            spec.commandLine().getErr().println("bench-checker: " + e.getMessage());
            return 2;
        }
        long s = seed != null ? seed : System.nanoTime();
        if (shapesMaxOps > 0) {
            Path shapes = shapesDir != null ? shapesDir : Path.of(System.getProperty("java.io.tmpdir"), "faultline-shapes");
            new ShapeBench(out, options, s, shapesRuns).run(shapes, shapesMaxOps, shapesMatch);
        }
        if (generatedOps > 0) {
            generatedBench(out, options, s);
        }
        out.flush();
        return mismatches == 0 ? 0 : 1;
    }

    private static Path defaultDir() {
        String home = System.getenv("FAULTLINE_HOME");
        return (home == null ? Path.of("") : Path.of(home)).resolve("histories/reference");
    }

    private record Case(VerdictIndex.Entry entry, History history, Model model) {
    }

    private int referenceBench(PrintWriter out, Path directory, CheckOptions options) throws IOException {
        List<Case> cases = new ArrayList<>();
        for (VerdictIndex.Entry e : VerdictIndex.read(directory)) {
            cases.add(new Case(e, HistoryReader.readAny(e.file()), Models.byName(e.model(), e.options())));
        }
        out.printf(Locale.ROOT, "reference histories: %s (%d files), %d warm-up passes, median of %d timed passes, %d cores%n",
                directory, cases.size(), warmup, runs, Runtime.getRuntime().availableProcessors());
        out.flush();
        for (int w = 0; w < warmup; w++) {
            for (Case c : cases) {
                Checker.check(c.history(), c.model(), options);
            }
        }
        resetPeaks();
        long[][] times = new long[cases.size()][runs];
        Verdict[] verdicts = new Verdict[cases.size()];
        for (int r = 0; r < runs; r++) {
            for (int i = 0; i < cases.size(); i++) {
                Case c = cases.get(i);
                long t0 = System.nanoTime();
                CheckResult result = Checker.check(c.history(), c.model(), options);
                times[i][r] = System.nanoTime() - t0;
                verdicts[i] = result.verdict();
            }
        }
        Map<String, long[]> groups = new LinkedHashMap<>();
        int mismatches = 0;
        out.printf(Locale.ROOT, "%-34s %-13s %-17s %10s%n", "file", "model", "verdict", "median ms");
        for (int i = 0; i < cases.size(); i++) {
            Case c = cases.get(i);
            long median = median(times[i]);
            String rel = directory.relativize(c.entry().file()).toString();
            boolean ok = verdicts[i] == c.entry().expected();
            if (!ok) {
                mismatches++;
            }
            out.printf(Locale.ROOT, "%-34s %-13s %-17s %10.2f%s%n", rel, c.entry().model(), verdicts[i].words(),
                    median / 1e6, ok ? "" : "  WRONG, expected " + c.entry().expected().words());
            String group = rel.contains("/") ? rel.substring(0, rel.indexOf('/')) : ".";
            long[] g = groups.computeIfAbsent(group, k -> new long[runs + 1]);
            for (int r = 0; r < runs; r++) {
                g[r] += times[i][r];
            }
            g[runs]++;
        }
        for (Map.Entry<String, long[]> g : groups.entrySet()) {
            long[] perRun = Arrays.copyOf(g.getValue(), runs);
            out.printf(Locale.ROOT, "total %-20s %3d files: median %8.1f ms, best %8.1f ms%n", g.getKey(),
                    g.getValue()[runs], median(perRun) / 1e6, Arrays.stream(perRun).min().orElse(0) / 1e6);
        }
        out.printf(Locale.ROOT, "verdicts: %d of %d as expected%n", cases.size() - mismatches, cases.size());
        out.printf(Locale.ROOT, "peak heap during the timed passes: %d MiB%n", peakHeap() >> 20);
        out.flush();
        return mismatches;
    }

    private void generatedBench(PrintWriter out, CheckOptions options, long s) throws IOException {
        out.printf(Locale.ROOT, "%ngenerated kv history: %d invocations, %d keys, %d processes, seed %d (--seed %d to repeat), max heap %d MiB%n",
                generatedOps, keys, processes, s, s, Runtime.getRuntime().maxMemory() >> 20);
        out.flush();
        long t0 = System.nanoTime();
        List<Op> ops = HistoryGenerator.generate(new HistoryGenerator.Spec("kv", processes, keys, generatedOps, 1, 0, s));
        long generated = System.nanoTime() - t0;
        Path file = Files.createTempFile("faultline-bench-", ".jsonl");
        try {
            HistoryWriter.writeAll(file, ops);
            ops = null;
            System.gc();
            resetPeaks();
            t0 = System.nanoTime();
            History history = HistoryReader.readAny(file);
            long read = System.nanoTime() - t0;
            Model kv = Models.byName("kv");
            Checker.check(History.of(history.ops().subList(0, Math.min(200_000, history.size()))), kv, options);
            t0 = System.nanoTime();
            CheckResult r1 = Checker.check(history, kv, options);
            long check1 = System.nanoTime() - t0;
            t0 = System.nanoTime();
            CheckResult r2 = Checker.check(history, kv, options);
            long check2 = System.nanoTime() - t0;
            out.printf(Locale.ROOT, "lines %d, file %d MiB; generate %.2f s, read %.2f s%n", history.size(),
                    Files.size(file) >> 20, generated / 1e9, read / 1e9);
            out.printf(Locale.ROOT, "check: %s, %d partitions; %.2f s, then %.2f s%n", r1.verdict().words(),
                    r1.partitions().size(), check1 / 1e9, check2 / 1e9);
            if (r2.verdict() != Verdict.LINEARIZABLE) {
                out.println("WRONG: a generated history is linearizable by construction: " + r2.summary());
            }
            out.printf(Locale.ROOT, "peak heap (reading and checking): %d MiB%n", peakHeap() >> 20);
        } finally {
            Files.deleteIfExists(file);
        }
    }

    private static long median(long[] values) {
        long[] sorted = values.clone();
        Arrays.sort(sorted);
        return sorted[sorted.length / 2];
    }

    private static void resetPeaks() {
        ShapeBench.resetPeaks();
    }

    private static long peakHeap() {
        return ShapeBench.peakHeap();
    }
}
