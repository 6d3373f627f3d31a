package io.faultline.harness.nemesis;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A clock for tests: time moves only when someone waits, straight to the next event (or the
 * end of the wait), so the nemesis's timing is exact and no test depends on the machine's speed.
 */
final class VirtualClock implements RunClock {
    private long now;
    private final TreeMap<Long, List<Runnable>> events = new TreeMap<>();

    /** Runs {@code action} when virtual time reaches {@code nanos} (inside someone's wait). */
    void at(long nanos, Runnable action) {
        events.computeIfAbsent(nanos, t -> new ArrayList<>()).add(action);
    }

    /** Moves time on to {@code nanos}, running what is due on the way. */
    void sleepTo(long nanos) {
        while (now < nanos) await(this, nanos);
    }

    @Override
    public long nanoTime() {
        return now;
    }

    /** Runs the next events due by {@code until} and returns (the waiter checks again), else jumps to {@code until}. */
    @Override
    public void await(Object monitor, long until) {
        Map.Entry<Long, List<Runnable>> next = events.firstEntry();
        if (next != null && next.getKey() <= until) {
            events.remove(next.getKey());
            now = Math.max(now, next.getKey());
            next.getValue().forEach(Runnable::run);
            return;
        }
        now = Math.max(now, until);
    }
}
