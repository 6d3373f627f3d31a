package io.faultline.sim;

import io.faultline.kv.loop.Clock;

/**
 * One node's monotonic clock, running {@code rate} times as fast as virtual time: a
 * node whose oscillator is fast (or slow) ticks, times out elections and expires
 * requests early (or late) compared with its peers. Piecewise linear, so it never goes
 * back when the rate changes.
 */
final class SkewedClock implements Clock {
    private final SimScheduler scheduler;
    private double rate = 1;
    private long base;
    private long since;

    SkewedClock(SimScheduler scheduler) {
        this.scheduler = scheduler;
    }

    @Override
    public long nanos() {
        return base + (long) ((scheduler.now() - since) * rate);
    }

    double rate() {
        return rate;
    }

    void rate(double newRate) {
        if (!(newRate > 0)) throw new IllegalArgumentException("clock rate must be positive: " + newRate);
        base = nanos();
        since = scheduler.now();
        rate = newRate;
    }

    /** The virtual time it takes this clock to advance {@code localNanos}. */
    long virtualNanos(long localNanos) {
        return Math.max(1, Math.round(localNanos / rate));
    }
}
