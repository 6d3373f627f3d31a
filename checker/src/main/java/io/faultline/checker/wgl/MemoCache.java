package io.faultline.checker.wgl;

import io.faultline.checker.model.Model;
import java.util.Arrays;

/**
 * The configurations already explored: (determinate ops linearized, indeterminate ops used,
 * model state). Flat arrays with open addressing, no object per entry, so millions of entries
 * stay cheap.
 *
 * <p>Configurations are grouped by key = (determinate set, state); each key keeps the
 * indeterminate sets seen with it, as an antichain; each distinct set is stored once. A new
 * configuration is rejected when its key has a subset of its indeterminate set already: it can
 * do nothing the earlier one cannot, since indeterminate ops never have to be linearized and add
 * no real-time constraints. Sets that a new one makes redundant are unlinked.
 *
 * <p>Items are numbered in invocation order, so a determinate set is nearly always a run of
 * words of ones (counting indeterminate items as ones), a short window of mixed words, then
 * zeros. Only the window is stored (the search keeps its bounds), which keeps an entry small on
 * long histories where a full bitset would cost n/8 bytes; indeterminate sets are stored as
 * a window of a bitset over the indeterminate items ({@link UsedUnknowns}).
 */
final class MemoCache {
    private static final long GOLDEN = 0x9E3779B97F4A7C15L;
    private static final int NONE = -1;

    /** Thrown when growing would pass the memory budget: the search must stop, the cache is spent. */
    static final class Full extends RuntimeException {
        Full() {
            super(null, null, false, false);
        }
    }

    private final Model model;
    private final Budget budget;
    private long reserved;
    private int[] table;

    // Keys.
    private int keys;
    private long[] keyHash = new long[0];
    private int[] keyOnes = new int[0];
    private int[] keyDetFrom = new int[0];
    private int[] keyDetLen = new int[0];
    private Object[] keyState = new Object[0];
    private int[] keyFirstSet = new int[0];

    // Distinct indeterminate sets, stored once (interned by hash) as bitset windows.
    private int sets;
    private int[] setFrom = new int[1 << 9];
    private int[] setLen = new int[1 << 9];
    private long[] setHash = new long[1 << 9];
    private int[] setTable = new int[1 << 10];

    // Chain nodes: the sets seen with each key.
    private int nodes;
    private int[] nodeSet = new int[0];
    private int[] setNext = new int[0];

    private long[] pool;
    private int poolUsed;
    private int live;

    /**
     * @param expected configurations it will likely hold: a search that succeeds holds at least
     *                 one per operation, so sizing for them up front saves growing (and copying)
     *                 a dozen times on the way
     */
    MemoCache(Model model, Budget budget, int expected) {
        this.model = model;
        this.budget = budget;
        int capacity = Integer.highestOneBit(Math.max(1 << 9, expected - 1)) << 1;
        claim(bytes(capacity * 2, capacity, setFrom.length, setTable.length, capacity, capacity));
        table = new int[capacity * 2];
        keysTo(capacity);
        nodesTo(capacity);
        pool = new long[capacity];
    }

    /**
     * Accounts for an array growing from {@code oldBytes} to {@code newBytes}; both are live
     * while it is copied, so the new size is claimed first.
     */
    private void growing(long oldBytes, long newBytes) {
        claim(newBytes);
        budget.release(oldBytes);
        reserved -= oldBytes;
    }

    private void claim(long bytes) {
        if (!budget.tryReserve(bytes)) {
            throw new Full();
        }
        reserved += bytes;
    }

    /** Gives back everything this cache claimed from the budget. */
    void release() {
        budget.release(reserved);
        reserved = 0;
    }

    /**
     * Adds the configuration; false when it, or one that dominates it, was already there.
     * Words of {@code det} before {@code low} are all done (or indeterminate), words from
     * {@code high} on are empty.
     */
    boolean add(long[] det, long detHash, int low, int high, UsedUnknowns info, Object state) {
        long h = detHash ^ (model.stateHash(state) * GOLDEN);
        h ^= h >>> 29;
        high = Math.max(low, high);
        if (keys * 2 >= table.length) {
            grow();
        }
        int mask = table.length - 1;
        int i = (int) (h ^ (h >>> 32)) & mask;
        while (true) {
            int slot = table[i];
            if (slot == 0) {
                int k = newKey(det, low, high, h, state);
                keyFirstSet[k] = newNode(intern(info), NONE);
                table[i] = k + 1;
                live++;
                return true;
            }
            int k = slot - 1;
            if (keyHash[k] == h && keyOnes[k] == low && sameDeterminate(k, det, low, high)
                    && model.sameState(keyState[k], state)) {
                return addSet(k, info);
            }
            i = (i + 1) & mask;
        }
    }

    /**
     * Compares with at most this many of a key's sets (the newest): missing a dominating set
     * only costs pruning, never soundness, and long antichains would make every step slow.
     */
    private static final int MAX_COMPARED = 64;

    private boolean addSet(int k, UsedUnknowns info) {
        int prev = NONE;
        int compared = 0;
        for (int x = keyFirstSet[k]; x != NONE && compared < MAX_COMPARED; x = setNext[x], compared++) {
            int s = nodeSet[x];
            if (info.contains(pool, setFrom[s], setLen[s])) {
                return false;
            }
        }
        compared = 0;
        for (int x = keyFirstSet[k]; x != NONE && compared < MAX_COMPARED; x = setNext[x], compared++) {
            int s = nodeSet[x];
            if (info.containedIn(pool, setFrom[s], setLen[s])) {
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
        keyFirstSet[k] = newNode(intern(info), keyFirstSet[k]);
        live++;
        return true;
    }

    private int newNode(int set, int next) {
        if (nodes == nodeSet.length) {
            growing(nodes * 8L, nodes * 16L);
            nodesTo(nodes * 2);
        }
        nodeSet[nodes] = set;
        setNext[nodes] = next;
        return nodes++;
    }

    /** The id of the stored set equal to {@code info}, storing it first if new. */
    private int intern(UsedUnknowns info) {
        if (sets * 2 >= setTable.length) {
            growing(setTable.length * 4L, setTable.length * 8L);
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
        long infoHash = info.hash();
        int mask = setTable.length - 1;
        int i = (int) (infoHash ^ (infoHash >>> 32)) & mask;
        while (setTable[i] != 0) {
            int s = setTable[i] - 1;
            if (setHash[s] == infoHash && info.sameAs(pool, setFrom[s], setLen[s])) {
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

    private int newKey(long[] det, int low, int high, long h, Object state) {
        if (keys == keyHash.length) {
            growing(keys * KEY_BYTES, keys * 2 * KEY_BYTES);
            keysTo(keys * 2);
        }
        int k = keys++;
        keyHash[k] = h;
        keyOnes[k] = low;
        keyState[k] = state;
        keyDetFrom[k] = copyToPool(det, low, high);
        keyDetLen[k] = high - low;
        return k;
    }

    /** The key arrays, resized to {@code cap} (claimed already). */
    private void keysTo(int cap) {
        keyHash = Arrays.copyOf(keyHash, cap);
        keyOnes = Arrays.copyOf(keyOnes, cap);
        keyDetFrom = Arrays.copyOf(keyDetFrom, cap);
        keyDetLen = Arrays.copyOf(keyDetLen, cap);
        keyState = Arrays.copyOf(keyState, cap);
        keyFirstSet = Arrays.copyOf(keyFirstSet, cap);
    }

    /** The chain node arrays, resized to {@code cap} (claimed already). */
    private void nodesTo(int cap) {
        nodeSet = Arrays.copyOf(nodeSet, cap);
        setNext = Arrays.copyOf(setNext, cap);
    }

    private int newSet(UsedUnknowns info) {
        if (sets == setFrom.length) {
            int cap = sets * 2;
            growing(sets * 16L, cap * 16L);
            setFrom = Arrays.copyOf(setFrom, cap);
            setLen = Arrays.copyOf(setLen, cap);
            setHash = Arrays.copyOf(setHash, cap);
        }
        int s = sets++;
        int len = info.packedLength();
        ensurePool(len);
        info.writePacked(pool, poolUsed);
        setFrom[s] = poolUsed;
        setLen[s] = len;
        poolUsed += len;
        return s;
    }

    private void ensurePool(int len) {
        if (poolUsed + len > pool.length) {
            int cap = Math.max(pool.length * 2, poolUsed + len);
            growing(pool.length * 8L, cap * 8L);
            pool = Arrays.copyOf(pool, cap);
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
        growing(table.length * 4L, table.length * 8L);
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

    /** Bytes per key: hash, four ints and a reference (counted as 8). */
    private static final long KEY_BYTES = 8 + 4 * 4 + 8;

    /** What the arrays hold (states are mostly shared with the history, so not counted). */
    private static long bytes(int table, int keys, int sets, int setTable, int nodes, int pool) {
        return (long) table * 4 + (long) keys * KEY_BYTES + (long) sets * 16 + (long) setTable * 4 + (long) nodes * 8
                + (long) pool * 8;
    }
}
