package io.faultline.sim;

import io.faultline.kv.loop.Clock;
import java.util.PriorityQueue;
import java.util.SplittableRandom;

/**
 * Virtual time and the one queue of everything that happens in a simulation. Events
 * run one at a time in (time, insertion) order, so a run is a function of its seed:
 * no thread, no sleep, no wall clock.
 */
public final class SimScheduler {
    private record Event(long at, long seq, Runnable action) implements Comparable<Event> {
        @Override
        public int compareTo(Event o) {
            int c = Long.compare(at, o.at);
            return c != 0 ? c : Long.compare(seq, o.seq);
        }
    }

    private final PriorityQueue<Event> queue = new PriorityQueue<>();
    private final SplittableRandom random;
    private long now;
    private long seq;

    public SimScheduler(long seed) {
        this.random = new SplittableRandom(seed);
    }

    public long now() {
        return now;
    }

    public Clock clock() {
        return () -> now;
    }

    /** The run's one source of randomness (only the simulation thread draws from it). */
    public SplittableRandom random() {
        return random;
    }

    public void after(long delayNanos, Runnable action) {
        queue.add(new Event(now + Math.max(0, delayNanos), seq++, action));
    }

    /** Runs events until virtual time {@code until} (or the queue is empty); time ends at {@code until}. */
    public void runUntil(long until) {
        while (!queue.isEmpty() && queue.peek().at() <= until) {
            Event e = queue.poll();
            now = e.at();
            e.action().run();
        }
        now = Math.max(now, until);
    }

    /** Runs until {@code done} holds (checked after each event) or virtual time {@code until}; returns done. */
    public boolean runUntil(long until, java.util.function.BooleanSupplier done) {
        while (!done.getAsBoolean()) {
            if (queue.isEmpty() || queue.peek().at() > until) {
                now = Math.max(now, until);
                return done.getAsBoolean();
            }
            Event e = queue.poll();
            now = e.at();
            e.action().run();
        }
        return true;
    }
}
