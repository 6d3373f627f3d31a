package io.faultline.kv.loop;

/**
 * The node's ticker: a tick every {@code tickNanos} of its {@link ScaledClock}, each wait
 * started after the tick before it was handed over (a fixed delay: ticks a paused process
 * missed are not replayed in a burst). A clock running at rate r ticks r times as often in
 * the underlying time, so a rate set while the node runs takes effect from the next wait.
 */
public final class Ticker {
    /** Runs an action once, {@code delayNanos} of the underlying time from now. */
    @FunctionalInterface
    public interface Delays {
        void after(long delayNanos, Runnable action);
    }

    private final ScaledClock clock;
    private final long tickNanos;
    private final Delays delays;
    private final Runnable tick;
    private volatile boolean stopped;

    public Ticker(ScaledClock clock, long tickNanos, Delays delays, Runnable tick) {
        if (tickNanos < 1) throw new IllegalArgumentException("tick must be positive: " + tickNanos + " ns");
        this.clock = clock;
        this.tickNanos = tickNanos;
        this.delays = delays;
        this.tick = tick;
    }

    public void start() {
        next();
    }

    /** No tick after this one (a tick already running finishes). */
    public void stop() {
        stopped = true;
    }

    private void next() {
        if (stopped) return;
        delays.after(clock.underlyingNanos(tickNanos), () -> {
            if (stopped) return;
            tick.run();
            next();
        });
    }
}
