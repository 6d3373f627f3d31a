package io.faultline.checker.wgl;

import java.util.Arrays;

/**
 * Which indeterminate operations the search has used so far. Identical indeterminate operations
 * are interchangeable, so the search uses each class of identical ones in call order; the set
 * used is then fully described by a count per class, and only the classes in use (usually a
 * handful, whatever the length of the history) need storing or comparing.
 *
 * <p>The memo cache stores such a set as a sorted run of packed {@code class << 32 | count}
 * longs; the comparisons below take one.
 */
final class UsedUnknowns {
    private final int[] count;
    /** Classes with a non-zero count; a stack, since the search undoes uses in reverse. */
    private final int[] active;
    private int activeLen;
    private long hash;

    UsedUnknowns(int classes) {
        this.count = new int[classes];
        this.active = new int[classes];
    }

    int count(int cls) {
        return count[cls];
    }

    void use(int cls, long itemHash) {
        if (count[cls]++ == 0) {
            active[activeLen++] = cls;
        }
        hash ^= itemHash;
    }

    void unuse(int cls, long itemHash) {
        if (--count[cls] == 0) {
            activeLen--;
        }
        hash ^= itemHash;
    }

    long hash() {
        return hash;
    }

    /** How many longs {@link #writeSorted} writes. */
    int packedLength() {
        return activeLen;
    }

    void writeSorted(long[] into, int at) {
        for (int i = 0; i < activeLen; i++) {
            into[at + i] = (long) active[i] << 32 | count[active[i]];
        }
        Arrays.sort(into, at, at + activeLen);
    }

    /** The stored set is contained in this one. */
    boolean contains(long[] pool, int from, int len) {
        if (len > activeLen) {
            return false;
        }
        for (int p = from; p < from + len; p++) {
            if (count[(int) (pool[p] >>> 32)] < (int) pool[p]) {
                return false;
            }
        }
        return true;
    }

    /** This set is contained in the stored one. */
    boolean containedIn(long[] pool, int from, int len) {
        if (activeLen > len) {
            return false;
        }
        for (int i = 0; i < activeLen; i++) {
            int cls = active[i];
            int at = Arrays.binarySearch(pool, from, from + len, (long) cls << 32 | count[cls]);
            if (at < 0) {
                // Not there with this count: a larger count of the same class also contains it.
                int after = -at - 1;
                if (after == from + len || (int) (pool[after] >>> 32) != cls) {
                    return false;
                }
            }
        }
        return true;
    }

    boolean sameAs(long[] pool, int from, int len) {
        if (len != activeLen) {
            return false;
        }
        for (int p = from; p < from + len; p++) {
            if (count[(int) (pool[p] >>> 32)] != (int) pool[p]) {
                return false;
            }
        }
        return true;
    }
}
