package io.faultline.checker.wgl;

import io.faultline.checker.Verdict;
import io.faultline.checker.model.Call;
import io.faultline.checker.model.Model;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

/**
 * The Wing–Gong–Lowe search for one partition: walk a time-ordered doubly linked list of call
 * and return entries; at a call, try to linearize that operation next (lift its entries out of
 * the list); at a return, the operation it closes should have been linearized already, so back
 * track. A memo cache of (linearized set, state) prunes configurations already explored.
 *
 * <p>Indeterminate operations have a call entry and no return entry: they may be linearized
 * anywhere after their call, and the search is done when every determinate operation is
 * linearized (leaving an indeterminate one out is the same as linearizing it last, or never).
 */
public final class WglSearch {
    private static final int CHECK_EVERY = 1 << 12;

    private final Model model;
    private final Call[] calls;
    private final boolean[] indeterminate;
    private final int n;
    private final int head;
    private final int[] next;
    private final int[] prev;
    private final int[] entryItem;
    private final boolean[] isCall;
    private final int[] callEntry;
    private final int[] returnEntry;
    private final int determinate;
    private final long[] zobrist;

    public WglSearch(Model model, List<SearchItem> items) {
        this.model = model;
        this.n = items.size();
        this.calls = new Call[n];
        this.indeterminate = new boolean[n];
        int det = 0;
        for (int i = 0; i < n; i++) {
            calls[i] = items.get(i).call();
            indeterminate[i] = items.get(i).indeterminate();
            if (!indeterminate[i]) {
                det++;
            }
        }
        this.determinate = det;
        int entries = n + det;
        long[] at = new long[entries];
        int[] item = new int[entries];
        boolean[] call = new boolean[entries];
        int e = 0;
        for (int i = 0; i < n; i++) {
            SearchItem it = items.get(i);
            at[e] = it.callAt();
            item[e] = i;
            call[e] = true;
            e++;
            if (!indeterminate[i]) {
                at[e] = it.returnAt();
                item[e] = i;
                e++;
            }
        }
        Integer[] order = new Integer[entries];
        for (int k = 0; k < entries; k++) {
            order[k] = k;
        }
        // By time; at equal times calls come first, so touching operations count as concurrent.
        Arrays.sort(order, (a, b) -> {
            int c = Long.compare(at[a], at[b]);
            if (c != 0) {
                return c;
            }
            return Boolean.compare(!call[a], !call[b]);
        });
        this.head = entries;
        this.next = new int[entries + 1];
        this.prev = new int[entries + 1];
        this.entryItem = new int[entries];
        this.isCall = new boolean[entries];
        this.callEntry = new int[n];
        this.returnEntry = new int[n];
        Arrays.fill(returnEntry, -1);
        int last = head;
        for (int k = 0; k < entries; k++) {
            int src = order[k];
            entryItem[k] = item[src];
            isCall[k] = call[src];
            if (call[src]) {
                callEntry[item[src]] = k;
            } else {
                returnEntry[item[src]] = k;
            }
            next[last] = k;
            prev[k] = last;
            last = k;
        }
        next[last] = -1;
        this.zobrist = new long[n];
        SplittableRandom random = new SplittableRandom(0x5EEDL);
        for (int i = 0; i < n; i++) {
            zobrist[i] = random.nextLong();
        }
    }

    /** The cause of an unknown outcome when {@code maxStates} was reached. */
    public static final String STATE_CAP = "state cap reached";

    public SearchOutcome run(Budget budget, boolean recordDeadEnd) {
        return run(budget, recordDeadEnd, Long.MAX_VALUE);
    }

    /**
     * @param recordDeadEnd keep the deepest dead end, for explaining a violation
     * @param maxStates     give up (unknown, {@link #STATE_CAP}) after exploring about this
     *                      many configurations
     */
    public SearchOutcome run(Budget budget, boolean recordDeadEnd, long maxStates) {
        int words = Math.max(1, (n + 63) >>> 6);
        long[] bits = new long[words];
        long bitsHash = 0;
        MemoCache cache = new MemoCache(words, model);
        Object state = model.initialState();
        int[] stackItem = new int[n];
        Object[] stackState = new Object[n];
        int depth = 0;
        int remaining = determinate;
        DeadEnd deepest = null;
        long reportedBytes = 0;
        int untilCheck = CHECK_EVERY;
        int entry = next[head];
        try {
            while (true) {
                if (remaining == 0) {
                    return new SearchOutcome(Verdict.LINEARIZABLE, null, null, cache.size());
                }
                if (--untilCheck == 0) {
                    untilCheck = CHECK_EVERY;
                    long bytes = cache.bytes();
                    budget.addMemory(bytes - reportedBytes);
                    reportedBytes = bytes;
                    String cause = cache.size() > maxStates ? STATE_CAP : budget.exhaustion();
                    if (cause != null) {
                        return new SearchOutcome(Verdict.UNKNOWN, cause, null, cache.size());
                    }
                }
                if (isCall[entry]) {
                    int item = entryItem[entry];
                    Object after = model.step(state, calls[item]);
                    if (after != null) {
                        long mask = 1L << item;
                        bits[item >>> 6] |= mask;
                        long hash = bitsHash ^ zobrist[item];
                        if (cache.add(bits, hash, after)) {
                            stackItem[depth] = item;
                            stackState[depth] = state;
                            depth++;
                            state = after;
                            bitsHash = hash;
                            lift(item);
                            if (!indeterminate[item]) {
                                remaining--;
                            }
                            entry = next[head];
                            continue;
                        }
                        bits[item >>> 6] &= ~mask;
                    }
                    entry = next[entry];
                } else {
                    if (recordDeadEnd && (deepest == null || depth > deepest.prefix().length)) {
                        deepest = deadEnd(stackItem, depth, state, entry);
                    }
                    if (depth == 0) {
                        return new SearchOutcome(Verdict.NOT_LINEARIZABLE, null, deepest, cache.size());
                    }
                    depth--;
                    int item = stackItem[depth];
                    state = stackState[depth];
                    stackState[depth] = null;
                    bits[item >>> 6] &= ~(1L << item);
                    bitsHash ^= zobrist[item];
                    unlift(item);
                    if (!indeterminate[item]) {
                        remaining++;
                    }
                    entry = next[callEntry[item]];
                }
            }
        } finally {
            budget.addMemory(-reportedBytes);
        }
    }

    private DeadEnd deadEnd(int[] stackItem, int depth, Object state, int returnEntryReached) {
        int count = 0;
        for (int e = next[head]; e != returnEntryReached; e = next[e]) {
            count++;
        }
        int[] candidates = new int[count];
        int k = 0;
        for (int e = next[head]; e != returnEntryReached; e = next[e]) {
            candidates[k++] = entryItem[e];
        }
        return new DeadEnd(Arrays.copyOf(stackItem, depth), state, entryItem[returnEntryReached], candidates);
    }

    private void lift(int item) {
        remove(callEntry[item]);
        int r = returnEntry[item];
        if (r >= 0) {
            remove(r);
        }
    }

    private void unlift(int item) {
        int r = returnEntry[item];
        if (r >= 0) {
            restore(r);
        }
        restore(callEntry[item]);
    }

    private void remove(int e) {
        int p = prev[e];
        int q = next[e];
        next[p] = q;
        if (q >= 0) {
            prev[q] = p;
        }
    }

    private void restore(int e) {
        int p = prev[e];
        int q = next[e];
        next[p] = e;
        if (q >= 0) {
            prev[q] = e;
        }
    }
}
