package io.faultline.checker.wgl;

import java.util.Arrays;

/**
 * Keeps the deepest dead end of a search without copying the whole stack at each new one: on a
 * long linearizable history the dead ends get deeper all the way through, and full copies
 * would cost time quadratic in its length. Only the part of the stack that changed since the
 * last record is copied.
 */
final class DeepestDeadEnd {
    private final int[] prefix;
    private int length = -1;
    /** How much of the current stack still equals the recorded prefix. */
    private int shared;
    private Object state;
    private int blocking;
    private int[] candidates;

    DeepestDeadEnd(int capacity) {
        this.prefix = new int[capacity];
    }

    /** The search popped its stack down to {@code depth}. */
    void poppedTo(int depth) {
        shared = Math.min(shared, depth);
    }

    boolean deeperThanRecorded(int depth) {
        return depth > length;
    }

    void record(int[] stack, int depth, Object state, int blocking, int[] candidates) {
        System.arraycopy(stack, shared, prefix, shared, depth - shared);
        this.length = depth;
        this.shared = depth;
        this.state = state;
        this.blocking = blocking;
        this.candidates = candidates;
    }

    /** Null when nothing was recorded. */
    DeadEnd deadEnd() {
        return length < 0 ? null : new DeadEnd(Arrays.copyOf(prefix, length), state, blocking, candidates);
    }
}
