package io.faultline.kv.loop;

/**
 * A clock that runs {@code rate} times as fast as an underlying one: a node whose oscillator
 * is fast (or slow) ticks, times out elections and expires requests early (or late) compared
 * with its peers. Piecewise linear, so it never goes back when the rate changes. The node's
 * {@link Ticker} and its deadlines read the same one, so a rate set through the Admin API (or
 * by the simulator) moves both.
 */
public final class ScaledClock implements Clock {
    /** Slower or faster than this is no clock fault but a stopped or runaway node. */
    public static final double MIN_RATE = 0.01;
    public static final double MAX_RATE = 100;

    /** From {@code since} on the underlying clock, this clock reads {@code base} plus the elapsed time times {@code rate}. */
    private record Segment(long base, long since, double rate) {}

    private final Clock underlying;
    private volatile Segment segment;

    public ScaledClock(Clock underlying) {
        this.underlying = underlying;
        long now = underlying.nanos();
        // Until a rate is set it reads exactly as the underlying clock.
        this.segment = new Segment(now, now, 1);
    }

    @Override
    public long nanos() {
        return read(segment, underlying.nanos());
    }

    private static long read(Segment s, long now) {
        return s.base + (long) ((now - s.since) * s.rate);
    }

    public double rate() {
        return segment.rate;
    }

    /** Runs {@code newRate} times as fast as the underlying clock from now on (1: true time). */
    public synchronized void rate(double newRate) {
        if (!(newRate >= MIN_RATE && newRate <= MAX_RATE)) {
            throw new IllegalArgumentException("clock rate must be between " + MIN_RATE + " and " + MAX_RATE + ": " + newRate);
        }
        long now = underlying.nanos();
        segment = new Segment(read(segment, now), now, newRate);
    }

    /** How long the underlying clock takes to advance {@code localNanos} of this one at the rate now (at least 1). */
    public long underlyingNanos(long localNanos) {
        return Math.max(1, Math.round(localNanos / segment.rate));
    }
}
