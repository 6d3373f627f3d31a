package io.faultline.harness.generator;

/**
 * Spaces one worker's operations so that all workers together aim at the target
 * rate. A worker that falls behind does not burst to catch up.
 */
public final class Pacer {
    private final long intervalNanos;
    private long next;

    /** @param ratePerSecond total target rate (0 = as fast as possible); @param workers how many share it */
    public Pacer(double ratePerSecond, int workers, long startNanos) {
        this.intervalNanos = ratePerSecond <= 0 ? 0 : (long) (1e9 * workers / ratePerSecond);
        this.next = startNanos;
    }

    /** Nanoseconds to wait before the next operation, given the current time; advances the schedule. */
    public long delayBeforeNext(long nowNanos) {
        if (intervalNanos == 0) return 0;
        if (next < nowNanos - intervalNanos) next = nowNanos; // fell behind: no burst
        long delay = Math.max(0, next - nowNanos);
        next += intervalNanos;
        return delay;
    }

    public void awaitNext() throws InterruptedException {
        long delay = delayBeforeNext(System.nanoTime());
        if (delay > 0) Thread.sleep(delay / 1_000_000, (int) (delay % 1_000_000));
    }
}
