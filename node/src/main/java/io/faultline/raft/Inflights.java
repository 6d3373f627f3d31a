package io.faultline.raft;

/** A bounded FIFO of the last indices of append messages sent but not yet acknowledged. */
final class Inflights {

    private final long[] buffer;
    private int start;
    private int count;

    Inflights(int capacity) {
        buffer = new long[capacity];
    }

    void add(long lastIndex) {
        if (full()) {
            throw new IllegalStateException("cannot add to a full inflights window");
        }
        buffer[(start + count) % buffer.length] = lastIndex;
        count++;
    }

    /** Frees every in-flight message whose last index is ≤ {@code to}. */
    void freeLE(long to) {
        while (count > 0 && buffer[start] <= to) {
            start = (start + 1) % buffer.length;
            count--;
        }
    }

    void freeFirstOne() {
        if (count > 0) {
            start = (start + 1) % buffer.length;
            count--;
        }
    }

    boolean full() {
        return count == buffer.length;
    }

    int count() {
        return count;
    }

    void reset() {
        start = 0;
        count = 0;
    }
}
