package io.faultline.checker;

import java.time.Duration;

/**
 * How hard to try.
 *
 * @param timeout          the whole check's time budget (search and shrinking)
 * @param memoryLimitBytes the memory guard: the memo caches of all partitions together may
 *                         hold at most this much before the answer becomes unknown
 * @param parallelism      partitions checked at once
 * @param shrink           look for a minimal failing sub-history of each violation
 * @param maxShrunk        shrink at most this many failing partitions
 * @param checkAll         keep checking the other partitions after one is found not
 *                         linearizable (slower: a violation can take long to prove); when
 *                         false they are reported unknown, "not checked"
 */
public record CheckOptions(Duration timeout, long memoryLimitBytes, int parallelism, boolean shrink, int maxShrunk,
        boolean checkAll) {

    public CheckOptions {
        if (timeout == null || timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("timeout must be positive");
        }
        if (memoryLimitBytes <= 0 || parallelism <= 0 || maxShrunk < 0) {
            throw new IllegalArgumentException("memory limit and parallelism must be positive");
        }
    }

    /** 60 s, a quarter of the free heap (array growth needs headroom), one thread per core, shrink up to 3 violations. */
    public static CheckOptions defaults() {
        Runtime rt = Runtime.getRuntime();
        long free = rt.maxMemory() - (rt.totalMemory() - rt.freeMemory());
        return new CheckOptions(Duration.ofSeconds(60), Math.max(1L << 20, free / 4),
                rt.availableProcessors(), true, 3, false);
    }

    public CheckOptions withTimeout(Duration t) {
        return new CheckOptions(t, memoryLimitBytes, parallelism, shrink, maxShrunk, checkAll);
    }

    public CheckOptions withMemoryLimitBytes(long bytes) {
        return new CheckOptions(timeout, bytes, parallelism, shrink, maxShrunk, checkAll);
    }

    public CheckOptions withParallelism(int p) {
        return new CheckOptions(timeout, memoryLimitBytes, p, shrink, maxShrunk, checkAll);
    }

    public CheckOptions withCheckAll(boolean all) {
        return new CheckOptions(timeout, memoryLimitBytes, parallelism, shrink, maxShrunk, all);
    }

    public CheckOptions withShrink(boolean s) {
        return new CheckOptions(timeout, memoryLimitBytes, parallelism, s, maxShrunk, checkAll);
    }
}
