package io.faultline.harness.sim;

import io.faultline.harness.run.RunStatus;
import java.io.PrintStream;
import java.nio.file.Path;

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

    /** One seed as the series took it; {@code directory} is null when none was written. */
    public record Seeded(SimRun.Outcome outcome, java.nio.file.Path directory, String replay) {}

    /** The seeds of the series and how long it took. */
    public record Ran(int exitCode, double wallSeconds) {}

    /**
     * Runs {@code seeds} in their order (a range, or a shard's share of one), telling {@code each}
     * of every seed taken; stops at the first failure unless {@code keepGoing}.
     *
     * @param alwaysWrite write every seed's run directory, not only the failures'
     */
    public Ran run(java.util.List<Long> seeds, boolean alwaysWrite, boolean keepGoing,
                   java.util.function.Consumer<Seeded> each) {
        long wallStart = System.nanoTime();
        SimTally tally = new SimTally(keepGoing);
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(threads, r -> {
            Thread t = new Thread(r, "faultline-sim");
            t.setDaemon(true);
            return t;
        });
        java.util.ArrayDeque<java.util.concurrent.Future<SimRun.Outcome>> ahead = new java.util.ArrayDeque<>();
        int submitted = 0;
        try {
        for (int i = 0; i < seeds.size(); i++) {
            long s = seeds.get(i);
            while (submitted < seeds.size() && ahead.size() < 2 * threads) {
                long next = seeds.get(submitted++);
                ahead.add(pool.submit(() -> SimRun.run(options, next)));
            }
            SimRun.Outcome o = take(ahead.poll());
            boolean failed = o.status() != RunStatus.LINEARIZABLE;
            Path dir = null;
            String replay = options.replayCommand(s);
            if (failed || alwaysWrite) {
                dir = SimRunDirectory.write(root, options, o, version);
                SimTally.printSeed(err, s, o.status(), o.why(), dir.toString(), replay);
            }
            each.accept(new Seeded(o, dir, replay));
            boolean goOn = tally.add(s, o.status(), o.simulatedSeconds());
            if (!goOn) break;
            if (progress && (tally.seeds() % 10 == 0 || i == seeds.size() - 1)) {
                double wall = (System.nanoTime() - wallStart) / 1e9;
                err.printf(java.util.Locale.ROOT, "[sim] %d seeds (%d..%d), %.0f simulated s in %.1f wall s%n",
                        tally.seeds(), seeds.get(0), s, tally.simulatedSeconds(), wall);
            }
        }
        } finally {
            pool.shutdownNow();
        }
        double wall = (System.nanoTime() - wallStart) / 1e9;
        err.println(tally.summary(wall));
        return new Ran(tally.exitCode(), wall);
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
}
