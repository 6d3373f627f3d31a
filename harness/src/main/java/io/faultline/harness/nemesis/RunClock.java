package io.faultline.harness.nemesis;

import java.util.concurrent.TimeUnit;

/**
 * The time a run's faults wait on: the wall clock under Docker, the scheduler's virtual time
 * in simulation (where waiting is running the simulation until then).
 */
public interface RunClock {
    long nanoTime();

    /**
     * Waits until {@link #nanoTime()} reaches {@code until}; called holding {@code monitor}'s
     * lock, and a wall clock also returns when the monitor is notified (the caller checks
     * again what it waits for).
     */
    void await(Object monitor, long until) throws InterruptedException;

    default void sleep(long millis) throws InterruptedException {
        Object monitor = new Object();
        long until = nanoTime() + millis * 1_000_000;
        synchronized (monitor) {
            while (nanoTime() < until) await(monitor, until);
        }
    }

    RunClock WALL = new RunClock() {
        public long nanoTime() {
            return System.nanoTime();
        }

        public void await(Object monitor, long until) throws InterruptedException {
            long delay = until - System.nanoTime();
            if (delay > 0) TimeUnit.NANOSECONDS.timedWait(monitor, delay);
        }
    };
}
