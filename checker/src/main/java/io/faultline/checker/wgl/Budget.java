package io.faultline.checker.wgl;

import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The time and memory every search of one check shares. A search that finds the budget spent
 * stops and answers unknown with {@link #exhaustion()}'s cause; it never guesses.
 */
public final class Budget {
    private final long deadlineNanos;
    private final long memoryLimitBytes;
    private final AtomicLong memoryUsed = new AtomicLong();
    private final AtomicReference<String> stopped = new AtomicReference<>();
    private final String timeoutText;

    public Budget(long timeoutNanos, long memoryLimitBytes, String timeoutText) {
        long now = System.nanoTime();
        this.deadlineNanos = timeoutNanos >= Long.MAX_VALUE - now ? Long.MAX_VALUE : now + timeoutNanos;
        this.memoryLimitBytes = memoryLimitBytes;
        this.timeoutText = timeoutText;
    }

    public static Budget unlimited() {
        return new Budget(Long.MAX_VALUE, Long.MAX_VALUE, "none");
    }

    /** A fresh budget (not stopped by {@link #stop}) with at most this much of the time left. */
    public Budget narrowedTo(long timeoutNanos) {
        return new Budget(Math.min(timeoutNanos, remainingNanos()), memoryLimitBytes, timeoutText);
    }

    public long remainingNanos() {
        return deadlineNanos == Long.MAX_VALUE ? Long.MAX_VALUE : Math.max(0, deadlineNanos - System.nanoTime());
    }

    /**
     * Claims {@code bytes} before they are allocated; false (and nothing claimed) when that
     * would pass the limit, so a search stops before its heap runs out rather than after.
     */
    boolean tryReserve(long bytes) {
        if (memoryUsed.addAndGet(bytes) > memoryLimitBytes) {
            memoryUsed.addAndGet(-bytes);
            return false;
        }
        return true;
    }

    void release(long bytes) {
        memoryUsed.addAndGet(-bytes);
    }

    String memoryCause() {
        return "memory guard: the search caches reached the limit of " + (memoryLimitBytes >> 20) + " MiB";
    }

    /** Makes every search sharing this budget stop with {@code reason} (the first reason wins). */
    public void stop(String reason) {
        stopped.compareAndSet(null, reason);
    }

    /** The time ran out (rather than someone calling {@link #stop}). */
    boolean ranOut() {
        return stopped.get() == null && pastDeadline();
    }

    private boolean pastDeadline() {
        return deadlineNanos != Long.MAX_VALUE && System.nanoTime() - deadlineNanos > 0;
    }

    /** Null while there is budget left; otherwise why the search must stop. */
    public String exhaustion() {
        String reason = stopped.get();
        if (reason != null) {
            return reason;
        }
        if (pastDeadline()) {
            return "time budget of " + timeoutText + " ran out";
        }
        return null;
    }
}
