package io.faultline.harness.generator;

import java.util.SplittableRandom;

/** Independent, reproducible random streams derived from one run seed. */
public final class Seeds {
    private Seeds() {}

    /** A stream for one purpose (e.g. "worker", 3) of a run. */
    public static SplittableRandom stream(long seed, String purpose, long index) {
        long h = seed;
        for (int i = 0; i < purpose.length(); i++) h = h * 31 + purpose.charAt(i);
        h = h * 0x9E3779B97F4A7C15L + index;
        return new SplittableRandom(new SplittableRandom(h).nextLong());
    }

    /**
     * A new seed when none is given: small enough to read out and type back (it is printed, and
     * recorded in config.json), different from one start to the next.
     */
    public static long fresh() {
        return (System.nanoTime() ^ System.currentTimeMillis()) & 0xFFFFFFL;
    }

    /** The seed of the i-th run of a series started from {@code seed} (--runs K). */
    public static long ofRun(long seed, int i) {
        return i == 0 ? seed : stream(seed, "run", i).nextLong() & 0x7FFFFFFFL;
    }
}
