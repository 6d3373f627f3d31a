package io.faultline.harness.sim;

import io.faultline.harness.run.RunStatus;
import java.io.PrintStream;
import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;

/**
 * A series of simulated seeds taken in seed order: the counts, the simulated time, the first
 * failing seed and the exit code, and the lines {@code faultline sim} prints of them. One
 * machine's series and the merge of its shards both tally through here, so they print alike.
 */
public final class SimTally {
    private final boolean keepGoing;
    private final Map<RunStatus, Integer> counts = new EnumMap<>(RunStatus.class);
    private double simulated;
    private long seeds;
    private int exit;
    private Long firstFailure;

    /** @param keepGoing whether the series runs on after a failure */
    public SimTally(boolean keepGoing) {
        this.keepGoing = keepGoing;
    }

    /** Counts the next seed's outcome; false when the series stops there (a failure without keep-going). */
    public boolean add(long seed, RunStatus status, double simulatedSeconds) {
        seeds++;
        simulated += simulatedSeconds;
        counts.merge(status, 1, Integer::sum);
        if (status == RunStatus.LINEARIZABLE) return true;
        if (firstFailure == null) firstFailure = seed;
        int code = status == RunStatus.VIOLATION ? 1 : 3;
        if (exit == 0 || code == 1) exit = code; // a violation outranks a stall
        return keepGoing;
    }

    public long seeds() {
        return seeds;
    }

    public double simulatedSeconds() {
        return simulated;
    }

    /** 0 every seed passed, 1 a violation, 3 a cluster that did not recover or an unknown verdict. */
    public int exitCode() {
        return exit;
    }

    /** The series' last line. */
    public String summary(double wallSeconds) {
        return String.format(Locale.ROOT,
                "[sim] summary: %d seeds, %s; %.0f simulated s in %.1f wall s (%.1f simulated s per wall s, %.1f seeds/min)%s",
                seeds, counts, simulated, wallSeconds, simulated / wallSeconds, seeds * 60 / wallSeconds,
                firstFailure == null ? "" : "; first failing seed " + firstFailure);
    }

    /** What the series prints of a failing (or replayed) seed. */
    public static void printSeed(PrintStream err, long seed, RunStatus status, String why, String directory,
                                 String replay) {
        err.println("[sim] seed " + seed + ": " + status.words() + ": " + why);
        err.println("[sim]   run directory " + directory);
        err.println("[sim]   replay: " + replay);
    }
}
