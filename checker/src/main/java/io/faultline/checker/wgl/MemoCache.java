package io.faultline.checker.wgl;

import io.faultline.checker.model.Model;
import java.util.Arrays;

/**
 * The set of (linearized ops as a bitset, model state) configurations already explored. Open
 * addressing over flat arrays: no object per entry, so millions of entries stay cheap.
 */
final class MemoCache {
    private static final long GOLDEN = 0x9E3779B97F4A7C15L;

    private final int words;
    private final Model model;
    private int[] table = new int[1 << 10];
    private long[] hashes = new long[1 << 9];
    private long[] pool;
    private Object[] states = new Object[1 << 9];
    private int size;

    MemoCache(int words, Model model) {
        this.words = words;
        this.model = model;
        this.pool = new long[(1 << 9) * words];
    }

    /** Adds the configuration; false when it was already there. */
    boolean add(long[] bits, long bitsHash, Object state) {
        long h = bitsHash ^ (model.stateHash(state) * GOLDEN);
        h ^= h >>> 29;
        if (size * 2 >= table.length) {
            grow();
        }
        int mask = table.length - 1;
        int i = (int) (h ^ (h >>> 32)) & mask;
        while (true) {
            int slot = table[i];
            if (slot == 0) {
                store(i, bits, h, state);
                return true;
            }
            int e = slot - 1;
            if (hashes[e] == h && sameBits(e, bits) && model.sameState(states[e], state)) {
                return false;
            }
            i = (i + 1) & mask;
        }
    }

    private boolean sameBits(int e, long[] bits) {
        int base = e * words;
        for (int w = 0; w < words; w++) {
            if (pool[base + w] != bits[w]) {
                return false;
            }
        }
        return true;
    }

    private void store(int tableIndex, long[] bits, long h, Object state) {
        if (size == hashes.length) {
            int cap = size * 2;
            hashes = Arrays.copyOf(hashes, cap);
            states = Arrays.copyOf(states, cap);
            pool = Arrays.copyOf(pool, cap * words);
        }
        hashes[size] = h;
        states[size] = state;
        System.arraycopy(bits, 0, pool, size * words, words);
        size++;
        table[tableIndex] = size;
    }

    private void grow() {
        int[] bigger = new int[table.length * 2];
        int mask = bigger.length - 1;
        for (int e = 0; e < size; e++) {
            long h = hashes[e];
            int i = (int) (h ^ (h >>> 32)) & mask;
            while (bigger[i] != 0) {
                i = (i + 1) & mask;
            }
            bigger[i] = e + 1;
        }
        table = bigger;
    }

    int size() {
        return size;
    }

    /** What the arrays hold, roughly (states are shared with the history, so not counted). */
    long bytes() {
        return (long) table.length * 4 + (long) hashes.length * (8 + 8 + 8L * words);
    }
}
