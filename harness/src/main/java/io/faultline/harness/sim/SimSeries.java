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

    public SimSeries(SimOptions options, Path root, String version, PrintStream err, boolean progress) {
        this.options = options;
        this.root = root;
        this.version = version;
        this.err = err;
        this.progress = progress;
    }

    /** Returns the exit code: 0 all passed, else that of the first (or, with keepGoing, the worst) failure. */
    public int run(long first, long last, boolean alwaysWrite, boolean keepGoing) {
        long wallStart = System.nanoTime();
        double simulated = 0;
        Map<RunStatus, Integer> counts = new EnumMap<>(RunStatus.class);
        int exit = 0;
        Long firstFailure = null;
        long seeds = 0;
        for (long s = first; s <= last; s++) {
            SimRun.Outcome o = SimRun.run(options, s);
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
        double wall = (System.nanoTime() - wallStart) / 1e9;
        err.printf(java.util.Locale.ROOT,
                "[sim] summary: %d seeds, %s; %.0f simulated s in %.1f wall s (%.1f simulated s per wall s, %.1f seeds/min)%s%n",
                seeds, counts, simulated, wall, simulated / wall, seeds * 60 / wall,
                firstFailure == null ? "" : "; first failing seed " + firstFailure);
        return exit;
    }

    private static int exitOf(SimRun.Outcome o) {
        return o.status() == RunStatus.VIOLATION ? 1 : 3;
    }
}
