package io.faultline.harness.run;

import java.time.Duration;

/**
 * When the workload stops. Without a quiet tail: at the time limit, whatever the nemesis is
 * doing (the fault under way stays in effect until the heal). With a quiet tail: no new fault
 * starts after the time limit, the one under way runs to its end, and the workload goes on
 * for the tail after the nemesis is done.
 *
 * <p>Why: a fault's damage shows only in reads that come after it. On a loaded machine a
 * scripted fault takes 20-35 s, so in a 60 s run the last one often ends after the workload
 * has stopped: the writes it should lose are never made (nobody writes during it), or only
 * the final reads, one per key, can find the loss. The tail lets the clients write through
 * the fault and read its aftermath.
 *
 * <p>The nemesis' last fault is bounded (its steps wait at most seconds each); {@code cap}
 * still bounds the workload past the time limit, so a stuck nemesis cannot hold the run.
 * Thread-safe: workers ask {@link #over} while the nemesis thread reports {@link #nemesisDone}.
 */
public final class WorkloadEnd {
    private static final long NOT_YET = Long.MIN_VALUE;

    private final long limitNanos;
    private final long tailNanos;
    private final long capNanos;
    private volatile long nemesisDoneNanos = NOT_YET;

    /**
     * @param startNanos the workload's start (System.nanoTime scale)
     * @param tail       zero: stop at the time limit; else the calm after the nemesis is done
     * @param cap        how long past the time limit the workload may run at most (with a tail)
     */
    WorkloadEnd(long startNanos, Duration timeLimit, Duration tail, Duration cap) {
        if (tail.isNegative()) throw new IllegalArgumentException("quiet tail must not be negative");
        this.limitNanos = startNanos + timeLimit.toNanos();
        this.tailNanos = tail.toNanos();
        this.capNanos = limitNanos + cap.toNanos();
    }

    /** The time limit, on the clock {@code startNanos} was read from. */
    public long limitNanos() {
        return limitNanos;
    }

    /** The latest the workload can end: the time limit, or with a tail the cap past it. */
    public long capNanos() {
        return tailNanos == 0 ? limitNanos : capNanos;
    }

    public boolean hasTail() {
        return tailNanos > 0;
    }

    /** Whether the time limit has passed: from then on no new fault starts. */
    public boolean limitReached(long nowNanos) {
        return nowNanos >= limitNanos;
    }

    /** The nemesis has ended its last fault (or its schedule ran out); the first report counts. */
    public void nemesisDone(long nowNanos) {
        if (nemesisDoneNanos == NOT_YET) nemesisDoneNanos = nowNanos;
    }

    public boolean over(long nowNanos) {
        if (nowNanos < limitNanos) return false;
        if (tailNanos == 0 || nowNanos >= capNanos) return true;
        long done = nemesisDoneNanos;
        return done != NOT_YET && nowNanos - done >= tailNanos;
    }
}
