package io.faultline.checker.bench;

import io.faultline.checker.CheckOptions;
import io.faultline.checker.CheckResult;
import io.faultline.checker.Checker;
import io.faultline.checker.Verdict;
import io.faultline.checker.history.History;
import io.faultline.checker.history.HistoryReader;
import io.faultline.checker.history.HistoryWriter;
import io.faultline.checker.model.Model;
import io.faultline.checker.model.Models;
import java.io.IOException;
import java.io.PrintWriter;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.file.Files;
import java.nio.file.Path;
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

    /** One generated history; {@code values} distinct values are written, as in the shapes. */
    record Shape(String model, int operations, int processes, int keys, int infoPercent, int values) {

        String fileName(long seed) {
            return String.format(Locale.ROOT, "%s-%dops-%dp-%dk-%dinfo-seed%d.jsonl", model, operations, processes, keys,
                    infoPercent, seed);
        }

        String describe() {
            return String.format(Locale.ROOT, "%s, %,d ops, %d processes, %,d keys, %d%% info", model, operations,
                    processes, keys, infoPercent);
        }
    }

    static final List<Shape> SHAPES = List.of(
            new Shape("kv", 10_000, 200, 10, 5, 5),
            new Shape("kv", 100_000, 50, 100, 0, 5),
            new Shape("kv", 100_000, 50, 100, 5, 5),
            new Shape("kv", 100_000, 5, 1, 5, 5),
            new Shape("kv", 1_000_000, 50, 1_000, 5, 5),
            new Shape("cas-register", 10_000, 5, 1, 5, 5),
            new Shape("cas-register", 100_000, 10, 1, 0, 5),
            new Shape("cas-register", 100_000, 10, 1, 5, 5),
            new Shape("cas-register", 1_000_000, 5, 1, 0, 5));

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

    /** Checks every shape of at most {@code maxOps} invocations; the files stay in {@code dir}. */
    void run(Path dir, int maxOps) throws IOException {
        Files.createDirectories(dir);
        out.printf(Locale.ROOT, "%nshapes (seed %d, files in %s, max heap %d MiB, %d cores): check time (median of %d"
                + " after warm-up; one run at 1M ops), its CPU time (all threads) and peak heap during the check%n", seed, dir,
                Runtime.getRuntime().maxMemory() >> 20, Runtime.getRuntime().availableProcessors(), runs);
        warmUp();
        out.printf(Locale.ROOT, "%-62s %-17s %9s %9s %9s%n", "shape", "verdict", "check s", "cpu s", "heap MiB");
        out.flush();
        for (Shape shape : SHAPES) {
            if (shape.operations() > maxOps) {
                continue;
            }
            Path file = dir.resolve(shape.fileName(seed));
            if (!Files.exists(file)) {
                HistoryWriter.writeAll(file, HistoryGenerator.generate(spec(shape, seed)));
            }
            History history = HistoryReader.readAny(file);
            Model model = Models.byName(shape.model());
            int times = shape.operations() >= 1_000_000 ? 1 : runs;
            long[] nanos = new long[times];
            long[] cpu = new long[times];
            long peak = 0;
            CheckResult result = null;
            for (int r = 0; r < times; r++) {
                System.gc();
                resetPeaks();
                long c0 = processCpuNanos();
                long t0 = System.nanoTime();
                result = Checker.check(history, model, options);
                nanos[r] = System.nanoTime() - t0;
                cpu[r] = processCpuNanos() - c0;
                peak = Math.max(peak, peakHeap());
            }
            Arrays.sort(nanos);
            Arrays.sort(cpu);
            out.printf(Locale.ROOT, "%-62s %-17s %9.3f %9.3f %9d%s%n", shape.describe(), result.verdict().words(),
                    nanos[times / 2] / 1e9, cpu[times / 2] / 1e9, peak >> 20,
                    result.verdict() == Verdict.LINEARIZABLE ? "" : "  (" + result.summary() + ")");
            out.flush();
        }
    }

    private static HistoryGenerator.Spec spec(Shape s, long seed) {
        return new HistoryGenerator.Spec(s.model(), s.processes(), s.keys(), s.operations(), s.infoPercent(), 0, seed,
                s.values());
    }

    /** Compiles the search's hot paths before anything is timed. */
    private void warmUp() {
        for (String model : List.of("kv", "cas-register")) {
            History h = History.of(HistoryGenerator.generate(spec(new Shape(model, 20_000, 20, 10, 5, 5), seed + 1)));
            for (int i = 0; i < 5; i++) {
                Checker.check(h, Models.byName(model), options);
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
