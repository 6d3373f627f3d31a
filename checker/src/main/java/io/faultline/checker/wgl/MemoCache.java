package io.faultline.checker.wgl;

import io.faultline.checker.model.Model;
import java.util.Arrays;

/**
 * The configurations already explored: (determinate ops linearized, indeterminate ops
 * linearized, model state). Flat arrays with open addressing, no object per entry, so millions
 * of entries stay cheap.
 *
 * <p>Configurations are grouped by key = (determinate set, state); each key keeps the
 * indeterminate sets seen with it, as an antichain; each distinct set is stored once. A new configuration is rejected when its key
 * has a subset of its indeterminate set already: it can do nothing the earlier one cannot, since
 * indeterminate ops never have to be linearized and add no real-time constraints. Sets that a
 * new one makes redundant are unlinked.
 *
 * <p>Items are numbered in invocation order, so a determinate set is nearly always a run of
 * words of ones (counting indeterminate items as ones), a short window of mixed words, then zeros. Only the window is stored (with the
 * count of leading all-ones words), which keeps an entry small on long histories where a full
 * bitset would cost n/8 bytes; indeterminate sets are stored as their non-zero window.
 */
final class MemoCache {
    private static final long GOLDEN = 0x9E3779B97F4A7C15L;
    private static final int NONE = -1;

    private final Model model;
    private int[] table = new int[1 << 10];

    // Keys.
    private int keys;
    private long[] keyHash = new long[1 << 9];
    private int[] keyOnes = new int[1 << 9];
    private int[] keyDetFrom = new int[1 << 9];
    private int[] keyDetLen = new int[1 << 9];
    private Object[] keyState = new Object[1 << 9];
    private int[] keyFirstSet = new int[1 << 9];

    // Distinct indeterminate sets, stored once (interned by hash): a window of bitset words, or
    // (when fewer items than window words) a sorted list of item numbers, one per pool word.
    private int sets;
    private boolean[] setList = new boolean[1 << 9];
    private int[] setFirstWord = new int[1 << 9];
    private int[] setFrom = new int[1 << 9];
    private int[] setLen = new int[1 << 9];
    private long[] setHash = new long[1 << 9];
    private int[] setTable = new int[1 << 10];

    // Chain nodes: the sets seen with each key.
    private int nodes;
    private int[] nodeSet = new int[1 << 9];
    private int[] setNext = new int[1 << 9];

    private long[] pool = new long[1 << 10];
    private int poolUsed;
    private int live;

    /** Words of the determinate set whose every item is done or indeterminate are skipped. */
    private final long[] infoMask;

    MemoCache(Model model, long[] infoMask) {
        this.model = model;
        this.infoMask = infoMask;
    }

    /** Adds the configuration; false when it, or one that dominates it, was already there. */
    boolean add(long[] det, long detHash, long[] info, long infoHash, Object state) {
        long h = detHash ^ (model.stateHash(state) * GOLDEN);
        h ^= h >>> 29;
        int low = 0;
        while (low < det.length && (det[low] | infoMask[low]) == -1L) {
            low++;
        }
        int high = det.length;
        while (high > low && det[high - 1] == 0L) {
            high--;
        }
        if (keys * 2 >= table.length) {
            grow();
        }
        int mask = table.length - 1;
        int i = (int) (h ^ (h >>> 32)) & mask;
        while (true) {
            int slot = table[i];
            if (slot == 0) {
                int k = newKey(det, low, high, h, state);
                keyFirstSet[k] = newNode(intern(info, infoHash), NONE);
                table[i] = k + 1;
                live++;
                return true;
            }
            int k = slot - 1;
            if (keyHash[k] == h && keyOnes[k] == low && sameDeterminate(k, det, low, high)
                    && model.sameState(keyState[k], state)) {
                return addSet(k, info, infoHash);
            }
            i = (i + 1) & mask;
        }
    }

    /**
     * Compares with at most this many of a key's sets (the newest): missing a dominating set
     * only costs pruning, never soundness, and long antichains would make every step slow.
     */
    private static final int MAX_COMPARED = 64;

    private boolean addSet(int k, long[] info, long infoHash) {
        int prev = NONE;
        int compared = 0;
        for (int x = keyFirstSet[k]; x != NONE && compared < MAX_COMPARED; x = setNext[x], compared++) {
            if (subset(nodeSet[x], info)) {
                return false;
            }
        }
        compared = 0;
        for (int x = keyFirstSet[k]; x != NONE && compared < MAX_COMPARED; x = setNext[x], compared++) {
            if (superset(nodeSet[x], info)) {
                if (prev == NONE) {
                    keyFirstSet[k] = setNext[x];
                } else {
                    setNext[prev] = setNext[x];
                }
                live--;
            } else {
                prev = x;
            }
        }
        keyFirstSet[k] = newNode(intern(info, infoHash), keyFirstSet[k]);
        live++;
        return true;
    }

    private int newNode(int set, int next) {
        if (nodes == nodeSet.length) {
            nodeSet = Arrays.copyOf(nodeSet, nodes * 2);
            setNext = Arrays.copyOf(setNext, nodes * 2);
        }
        nodeSet[nodes] = set;
        setNext[nodes] = next;
        return nodes++;
    }

    /** The id of the stored set equal to {@code info}, storing it first if new. */
    private int intern(long[] info, long infoHash) {
        if (sets * 2 >= setTable.length) {
            int[] bigger = new int[setTable.length * 2];
            int m = bigger.length - 1;
            for (int s = 0; s < sets; s++) {
                int i = (int) (setHash[s] ^ (setHash[s] >>> 32)) & m;
                while (bigger[i] != 0) {
                    i = (i + 1) & m;
                }
                bigger[i] = s + 1;
            }
            setTable = bigger;
        }
        int mask = setTable.length - 1;
        int i = (int) (infoHash ^ (infoHash >>> 32)) & mask;
        while (setTable[i] != 0) {
            int s = setTable[i] - 1;
            if (setHash[s] == infoHash && subset(s, info) && superset(s, info)) {
                return s;
            }
            i = (i + 1) & mask;
        }
        int s = newSet(info);
        setHash[s] = infoHash;
        setTable[i] = s + 1;
        return s;
    }

    private boolean sameDeterminate(int k, long[] det, int low, int high) {
        if (keyDetLen[k] != high - low) {
            return false;
        }
        int from = keyDetFrom[k];
        for (int w = low; w < high; w++) {
            if (pool[from + w - low] != det[w]) {
                return false;
            }
        }
        return true;
    }

    /** Set s ⊆ info. */
    private boolean subset(int s, long[] info) {
        if (setList[s]) {
            int end = setFrom[s] + setLen[s];
            for (int p = setFrom[s]; p < end; p++) {
                long item = pool[p];
                if ((info[(int) (item >>> 6)] & (1L << item)) == 0) {
                    return false;
                }
            }
            return true;
        }
        int w = setFirstWord[s];
        int end = setFrom[s] + setLen[s];
        for (int p = setFrom[s]; p < end; p++, w++) {
            if ((pool[p] & ~info[w]) != 0) {
                return false;
            }
        }
        return true;
    }

    /** Set s ⊇ info. */
    private boolean superset(int s, long[] info) {
        if (setList[s]) {
            int p = setFrom[s];
            int end = p + setLen[s];
            for (int w = 0; w < info.length; w++) {
                long word = info[w];
                while (word != 0) {
                    long item = ((long) w << 6) + Long.numberOfTrailingZeros(word);
                    while (p < end && pool[p] < item) {
                        p++;
                    }
                    if (p == end || pool[p] != item) {
                        return false;
                    }
                    word &= word - 1;
                }
            }
            return true;
        }
        int first = setFirstWord[s];
        int last = first + setLen[s];
        for (int w = 0; w < info.length; w++) {
            long stored = w >= first && w < last ? pool[setFrom[s] + w - first] : 0L;
            if ((info[w] & ~stored) != 0) {
                return false;
            }
        }
        return true;
    }

    private int newKey(long[] det, int low, int high, long h, Object state) {
        if (keys == keyHash.length) {
            int cap = keys * 2;
            keyHash = Arrays.copyOf(keyHash, cap);
            keyOnes = Arrays.copyOf(keyOnes, cap);
            keyDetFrom = Arrays.copyOf(keyDetFrom, cap);
            keyDetLen = Arrays.copyOf(keyDetLen, cap);
            keyState = Arrays.copyOf(keyState, cap);
            keyFirstSet = Arrays.copyOf(keyFirstSet, cap);
        }
        int k = keys++;
        keyHash[k] = h;
        keyOnes[k] = low;
        keyState[k] = state;
        keyDetFrom[k] = copyToPool(det, low, high);
        keyDetLen[k] = high - low;
        return k;
    }

    private int newSet(long[] info) {
        if (sets == setFrom.length) {
            int cap = sets * 2;
            setFirstWord = Arrays.copyOf(setFirstWord, cap);
            setFrom = Arrays.copyOf(setFrom, cap);
            setLen = Arrays.copyOf(setLen, cap);
            setList = Arrays.copyOf(setList, cap);
            setHash = Arrays.copyOf(setHash, cap);
        }
        int low = 0;
        while (low < info.length && info[low] == 0L) {
            low++;
        }
        int high = info.length;
        while (high > low && info[high - 1] == 0L) {
            high--;
        }
        int count = 0;
        for (int w = low; w < high; w++) {
            count += Long.bitCount(info[w]);
        }
        int s = sets++;
        setFirstWord[s] = low;
        if (count < high - low) {
            setList[s] = true;
            setLen[s] = count;
            setFrom[s] = poolUsed;
            ensurePool(count);
            for (int w = low; w < high; w++) {
                long word = info[w];
                while (word != 0) {
                    pool[poolUsed++] = ((long) w << 6) + Long.numberOfTrailingZeros(word);
                    word &= word - 1;
                }
            }
        } else {
            setList[s] = false;
            setFrom[s] = copyToPool(info, low, high);
            setLen[s] = high - low;
        }
        return s;
    }

    private void ensurePool(int len) {
        if (poolUsed + len > pool.length) {
            pool = Arrays.copyOf(pool, Math.max(pool.length * 2, poolUsed + len));
        }
    }

    private int copyToPool(long[] words, int from, int to) {
        int len = to - from;
        ensurePool(len);
        System.arraycopy(words, from, pool, poolUsed, len);
        int at = poolUsed;
        poolUsed += len;
        return at;
    }

    private void grow() {
        int[] bigger = new int[table.length * 2];
        int mask = bigger.length - 1;
        for (int k = 0; k < keys; k++) {
            long h = keyHash[k];
            int i = (int) (h ^ (h >>> 32)) & mask;
            while (bigger[i] != 0) {
                i = (i + 1) & mask;
            }
            bigger[i] = k + 1;
        }
        table = bigger;
    }

    /** Configurations held (not counting ones made redundant). */
    int size() {
        return live;
    }

    /** What the arrays hold, roughly (states are shared with the history, so not counted). */
    long bytes() {
        return (long) table.length * 4 + (long) keyHash.length * (8 + 4 * 4 + 8) + (long) setFrom.length * 25
                + (long) setTable.length * 4 + (long) nodeSet.length * 8 + (long) pool.length * 8;
    }
}
