package io.faultline.checker.wgl;

/**
 * Which indeterminate operations the search has used so far. Identical indeterminate operations
 * are interchangeable, so the search uses each class of identical ones in call order, keeping a
 * count per class; the set used is then canonical as a bitset over the indeterminate operations
 * numbered in call order, and one set contains another exactly when its bits do.
 *
 * <p>The memo cache stores such a set as its window of words between the first and the last
 * non-zero one, behind the window's first word index: a few words, even when hundreds of
 * operations were used (a per-class list cost a long per class used, and comparing such lists
 * was most of a check on a key with hundreds of writes left without an answer).
 */
final class UsedUnknowns {
    private final int[] count;
    private final long[] bits;
    /** Used operations in each word of {@link #bits}. */
    private final int[] inWord;
    /** The non-zero words are within [low, high); low == high when none is used. */
    private int low;
    private int high;
    private long hash;

    /**
     * @param classes    classes of identical indeterminate operations
     * @param operations indeterminate operations, numbered 0.. in call order
     */
    UsedUnknowns(int classes, int operations) {
        this.count = new int[classes];
        this.bits = new long[Math.max(1, (operations + 63) >>> 6)];
        this.inWord = new int[bits.length];
    }

    int count(int cls) {
        return count[cls];
    }

    /** Uses operation number {@code op} (in call order) of class {@code cls}. */
    void use(int cls, int op, long itemHash) {
        count[cls]++;
        int w = op >>> 6;
        bits[w] |= 1L << op;
        if (inWord[w]++ == 0) {
            if (low == high) {
                low = w;
                high = w + 1;
            } else {
                low = Math.min(low, w);
                high = Math.max(high, w + 1);
            }
        }
        hash ^= itemHash;
    }

    void unuse(int cls, int op, long itemHash) {
        count[cls]--;
        int w = op >>> 6;
        bits[w] &= ~(1L << op);
        if (--inWord[w] == 0) {
            while (low < high && inWord[low] == 0) {
                low++;
            }
            while (high > low && inWord[high - 1] == 0) {
                high--;
            }
            if (low == high) {
                low = 0;
                high = 0;
            }
        }
        hash ^= itemHash;
    }

    long hash() {
        return hash;
    }

    /** How many longs {@link #writePacked} writes: none for the empty set. */
    int packedLength() {
        return low == high ? 0 : 1 + high - low;
    }

    void writePacked(long[] into, int at) {
        if (low == high) {
            return;
        }
        into[at] = low;
        System.arraycopy(bits, low, into, at + 1, high - low);
    }

    /** The stored set is contained in this one. */
    boolean contains(long[] pool, int from, int len) {
        if (len == 0) {
            return true;
        }
        int storedLow = (int) pool[from];
        if (low == high || storedLow < low || storedLow + len - 1 > high) {
            return false;
        }
        for (int j = 1; j < len; j++) {
            if ((pool[from + j] & ~bits[storedLow + j - 1]) != 0) {
                return false;
            }
        }
        return true;
    }

    /** This set is contained in the stored one. */
    boolean containedIn(long[] pool, int from, int len) {
        if (low == high) {
            return true;
        }
        if (len == 0) {
            return false;
        }
        int storedLow = (int) pool[from];
        if (low < storedLow || high > storedLow + len - 1) {
            return false;
        }
        for (int w = low; w < high; w++) {
            if ((bits[w] & ~pool[from + 1 + w - storedLow]) != 0) {
                return false;
            }
        }
        return true;
    }

    boolean sameAs(long[] pool, int from, int len) {
        if (len != packedLength()) {
            return false;
        }
        if (len == 0) {
            return true;
        }
        if ((int) pool[from] != low) {
            return false;
        }
        for (int w = low; w < high; w++) {
            if (pool[from + 1 + w - low] != bits[w]) {
                return false;
            }
        }
        return true;
    }
}
