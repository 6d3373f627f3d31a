package io.faultline.harness.sim;

import io.faultline.harness.run.RunStatus;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.EnumMap;
import java.util.Map;

/** Runs seeds in order, prints progress and a summary, writes the run directory of each failing seed. */
public final class SimSeries {
    private final SimOptions options;
    private final Path root;
    private final String version;
    private final PrintStream err;
    private final boolean progress;
    private final int threads;

    /** @param threads seeds simulated at once (each seed is one thread's work; results are taken in seed order) */
    public SimSeries(SimOptions options, Path root, String version, PrintStream err, boolean progress, int threads) {
        this.options = options;
        this.root = root;
        this.version = version;
        this.err = err;
        this.progress = progress;
        this.threads = Math.max(1, threads);
    }

    /** Returns the exit code: 0 all passed, else that of the first (or, with keepGoing, the worst) failure. */
    public int run(long first, long last, boolean alwaysWrite, boolean keepGoing) {
        long wallStart = System.nanoTime();
        double simulated = 0;
        Map<RunStatus, Integer> counts = new EnumMap<>(RunStatus.class);
        int exit = 0;
        Long firstFailure = null;
        long seeds = 0;
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(threads, r -> {
            Thread t = new Thread(r, "faultline-sim");
            t.setDaemon(true);
            return t;
        });
        java.util.ArrayDeque<java.util.concurrent.Future<SimRun.Outcome>> ahead = new java.util.ArrayDeque<>();
        long submitted = first;
        try {
        for (long s = first; s <= last; s++) {
            while (submitted <= last && ahead.size() < 2 * threads) {
                long next = submitted++;
                ahead.add(pool.submit(() -> SimRun.run(options, next)));
            }
            SimRun.Outcome o = take(ahead.poll());
            seeds++;
            simulated += o.simulatedSeconds();
            counts.merge(o.status(), 1, Integer::sum);
            boolean failed = o.status() != RunStatus.LINEARIZABLE;
            if (failed || alwaysWrite) {
                Path dir = SimRunDirectory.write(root, options, o, version);
                err.println("[sim] seed " + s + ": " + o.status().words() + ": " + o.why());
                err.println("[sim]   run directory " + dir);
                err.println("[sim]   replay: " + options.replayCommand(s));
            }
            if (failed) {
                if (firstFailure == null) firstFailure = s;
                if (exit == 0 || exitOf(o) == 1) exit = exitOf(o); // a violation outranks a stall
                if (!keepGoing) break;
            }
            if (progress && (seeds % 10 == 0 || s == last)) {
                double wall = (System.nanoTime() - wallStart) / 1e9;
                err.printf(java.util.Locale.ROOT, "[sim] %d seeds (%d..%d), %.0f simulated s in %.1f wall s%n",
                        seeds, first, s, simulated, wall);
            }
        }
        } finally {
            pool.shutdownNow();
        }
        double wall = (System.nanoTime() - wallStart) / 1e9;
        err.printf(java.util.Locale.ROOT,
                "[sim] summary: %d seeds, %s; %.0f simulated s in %.1f wall s (%.1f simulated s per wall s, %.1f seeds/min)%s%n",
                seeds, counts, simulated, wall, simulated / wall, seeds * 60 / wall,
                firstFailure == null ? "" : "; first failing seed " + firstFailure);
        return exit;
    }

    private static SimRun.Outcome take(java.util.concurrent.Future<SimRun.Outcome> f) {
        try {
            return f.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        } catch (java.util.concurrent.ExecutionException e) {
            throw new IllegalStateException("a simulation failed: " + e.getCause(), e.getCause());
        }
    }

    private static int exitOf(SimRun.Outcome o) {
        return o.status() == RunStatus.VIOLATION ? 1 : 3;
    }
}
