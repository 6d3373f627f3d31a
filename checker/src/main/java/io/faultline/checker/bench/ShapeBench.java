package io.faultline.checker.bench;

import io.faultline.checker.CheckOptions;
import io.faultline.checker.CheckResult;
import io.faultline.checker.Checker;
import io.faultline.checker.verdict.Verdict;
import io.faultline.checker.history.History;
import io.faultline.checker.history.HistoryReader;
import io.faultline.checker.bench.HistoryGenerator.Mix;
import io.faultline.checker.history.HistoryWriter;
import io.faultline.checker.model.Model;
import io.faultline.checker.model.ModelOptions;
import io.faultline.checker.model.Models;
import java.io.IOException;
import java.io.PrintWriter;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * Times the checker on generated histories shaped like long chaos runs (with and without
 * operations of unknown outcome, kv and cas-register, 10k to 1M invocations, 1 to 1,000 keys,
 * 5 to 200 processes), each written as a JSON Lines file first so that another checker
 * (Porcupine, through {@code checker/porcupine-driver}) can be run on the very same files.
 */
final class ShapeBench {

    /**
     * One generated history; {@code values} distinct values are put. The {@code kv} shapes of
     * {@link Mix#CLASSIC} are our nodes' workload, the others Porcupine's kv workload (a missing
     * key reads "", unanswered writes leave no completion), checked as such by both tools.
     * {@code seeds} histories of the shape are checked, from the bench's seed on.
     */
    record Shape(String model, Mix mix, int operations, int processes, int keys, int infoPercent, int values,
            int seeds) {

        Shape(String model, int operations, int processes, int keys, int infoPercent, int values) {
            this(model, Mix.CLASSIC, operations, processes, keys, infoPercent, values, 1);
        }

        String fileName(long seed) {
            String kind = mix == Mix.CLASSIC ? model : model + "-" + mix.name().toLowerCase(Locale.ROOT);
            String vals = mix == Mix.CLASSIC ? "" : "-" + values + "v";
            return String.format(Locale.ROOT, "%s-%dops-%dp-%dk-%dinfo%s-seed%d.jsonl", kind, operations, processes,
                    keys, infoPercent, vals, seed);
        }

        String describe(long seed) {
            if (mix == Mix.CLASSIC) {
                return String.format(Locale.ROOT, "%s, %,d ops, %d processes, %,d keys, %d%% info", model, operations,
                        processes, keys, infoPercent);
            }
            String what = switch (mix) {
                case PUTS -> "get/put";
                case APPENDS -> "get/append";
                default -> "get/put/append";
            };
            return String.format(Locale.ROOT, "kv %s, %,d ops, %dp, %,d keys, %d%% unanswered, %d values, seed %d",
                    what, operations, processes, keys, infoPercent, values, seed);
        }

        /** The model as Porcupine's driver names it. */
        String driverModel() {
            return mix == Mix.CLASSIC ? model : "kv-strings";
        }

        Model checkerModel() {
            return mix == Mix.CLASSIC ? Models.byName(model)
                    : Models.byName(model, ModelOptions.defaults().withMissingKey(ModelOptions.MissingKey.EMPTY_STRING));
        }
    }

    /** Issue 30's shape: Porcupine's kv workload, 100 keys, 50 processes, 5 % of the writes unanswered. */
    static final Shape PORCUPINE_KV = new Shape("kv", Mix.MIXED, 100_000, 50, 100, 5, 5, 5);

    static final List<Shape> SHAPES = List.of(
            new Shape("kv", 10_000, 200, 10, 5, 5),
            new Shape("kv", 100_000, 50, 100, 0, 5),
            new Shape("kv", 100_000, 50, 100, 5, 5),
            new Shape("kv", 100_000, 5, 1, 5, 5),
            new Shape("kv", 1_000_000, 50, 1_000, 5, 5),
            new Shape("cas-register", 10_000, 5, 1, 5, 5),
            new Shape("cas-register", 100_000, 10, 1, 0, 5),
            new Shape("cas-register", 100_000, 10, 1, 5, 5),
            new Shape("cas-register", 1_000_000, 5, 1, 0, 5),
            PORCUPINE_KV,
            new Shape("kv", Mix.MIXED, 100_000, 50, 100, 5, 50, 1),
            new Shape("kv", Mix.MIXED, 100_000, 50, 100, 0, 5, 1),
            new Shape("kv", Mix.MIXED, 100_000, 50, 100, 10, 5, 1),
            new Shape("kv", Mix.PUTS, 100_000, 50, 100, 5, 5, 1),
            new Shape("kv", Mix.APPENDS, 100_000, 50, 100, 5, 5, 1),
            new Shape("kv", Mix.MIXED, 10_000, 10, 1, 3, 5, 1),
            new Shape("kv", Mix.MIXED, 10_000, 10, 1, 10, 50, 1),
            new Shape("kv", Mix.PUTS, 10_000, 10, 1, 3, 5, 1),
            new Shape("kv", Mix.APPENDS, 10_000, 10, 1, 3, 5, 1));

    private final PrintWriter out;
    private final CheckOptions options;
    private final long seed;
    private final int runs;

    ShapeBench(PrintWriter out, CheckOptions options, long seed, int runs) {
        this.out = out;
        this.options = options;
        this.seed = seed;
        this.runs = runs;
    }

    /**
     * Checks every shape of at most {@code maxOps} invocations whose file name contains
     * {@code match}; the files stay in {@code dir}, listed with the model to check them as in
     * {@code shapes-seed<seed>.tsv} there (for Porcupine's driver).
     */
    void run(Path dir, int maxOps, String match) throws IOException {
        Files.createDirectories(dir);
        out.printf(Locale.ROOT, "%nshapes (seed %d, files in %s, max heap %d MiB, %d cores): check time from paired and"
                + " compiled operations, as Porcupine's driver times its check (median of %d after warm-up; one run at 1M"
                + " ops), its CPU time (all threads), the time with pairing and compiling (+pair) and the peak heap of"
                + " both%n", seed, dir,
                Runtime.getRuntime().maxMemory() >> 20, Runtime.getRuntime().availableProcessors(), runs);
        warmUp();
        out.printf(Locale.ROOT, "%-80s %-17s %9s %9s %9s %9s%n", "shape", "verdict", "check s", "cpu s", "+pair s",
                "heap MiB");
        out.flush();
        List<String> manifest = new ArrayList<>();
        for (Shape shape : SHAPES) {
            if (shape.operations() > maxOps || !shape.fileName(seed).contains(match)) {
                continue;
            }
            for (long s = seed; s < seed + shape.seeds(); s++) {
                Path file = dir.resolve(shape.fileName(s));
                manifest.add(file.getFileName() + "\t" + shape.driverModel());
                Files.write(dir.resolve("shapes-seed" + seed + ".tsv"), manifest);
                check(shape, s, file);
            }
        }
    }

    private void check(Shape shape, long s, Path file) throws IOException {
        if (!Files.exists(file)) {
            HistoryWriter.writeAll(file, HistoryGenerator.generate(spec(shape, s)));
        }
        History history = HistoryReader.readAny(file);
        Model model = shape.checkerModel();
        int times = shape.operations() >= 1_000_000 ? 1 : runs;
        long[] nanos = new long[times];
        long[] full = new long[times];
        long[] cpu = new long[times];
        long peak = 0;
        CheckResult result = null;
        for (int r = 0; r < times; r++) {
            System.gc();
            resetPeaks();
            long t0 = System.nanoTime();
            Checker.Compiled compiled = Checker.compile(history, model);
            long c1 = processCpuNanos();
            long t1 = System.nanoTime();
            result = Checker.check(compiled, options);
            long t2 = System.nanoTime();
            nanos[r] = t2 - t1;
            full[r] = t2 - t0;
            cpu[r] = processCpuNanos() - c1;
            peak = Math.max(peak, peakHeap());
        }
        Arrays.sort(nanos);
        Arrays.sort(full);
        Arrays.sort(cpu);
        out.printf(Locale.ROOT, "%-80s %-17s %9.3f %9.3f %9.3f %9d%s%n", shape.describe(s), result.verdict().words(),
                nanos[times / 2] / 1e9, cpu[times / 2] / 1e9, full[times / 2] / 1e9, peak >> 20,
                result.verdict() == Verdict.LINEARIZABLE ? "" : "  (" + result.summary() + ")");
        out.flush();
    }

    private static HistoryGenerator.Spec spec(Shape s, long seed) {
        return new HistoryGenerator.Spec(s.model(), s.processes(), s.keys(), s.operations(), s.infoPercent(), 0, seed,
                s.values(), s.mix());
    }

    /** Compiles the search's hot paths before anything is timed. */
    private void warmUp() {
        for (Shape shape : List.of(new Shape("kv", 20_000, 20, 10, 5, 5), new Shape("cas-register", 20_000, 20, 10, 5, 5),
                new Shape("kv", Mix.MIXED, 20_000, 20, 10, 5, 5, 1))) {
            History h = History.of(HistoryGenerator.generate(spec(shape, seed + 1)));
            for (int i = 0; i < 5; i++) {
                Checker.check(h, shape.checkerModel(), options);
            }
        }
    }


    /**
     * CPU time of the whole process (all threads, GC included), -1 when the JVM cannot tell: on
     * a loaded machine it varies far less than the wall time.
     */
    static long processCpuNanos() {
        return ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os
                ? os.getProcessCpuTime() : -1;
    }

    static void resetPeaks() {
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            pool.resetPeakUsage();
        }
    }

    static long peakHeap() {
        long sum = 0;
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            if (pool.getType() == MemoryType.HEAP) {
                sum += pool.getPeakUsage().getUsed();
            }
        }
        return sum;
    }
}
