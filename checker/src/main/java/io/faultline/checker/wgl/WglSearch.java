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
 * A configuration that has used a superset of the indeterminate operations of one already
 * explored, with the same determinate ones and state, is pruned: whatever completes it would
 * complete the earlier one too ({@link MemoCache}). Without this, every pending indeterminate
 * operation doubles the configurations. For the same reason, identical indeterminate operations
 * are used in call order, and an indeterminate operation that would not change the state is not
 * tried.
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
    /** For an indeterminate item: the previous indeterminate item with an identical call, or -1. */
    private final int[] twin;

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
        this.twin = new int[n];
        java.util.Map<Call, Integer> lastIdentical = new java.util.HashMap<>();
        for (int i = 0; i < n; i++) {
            twin[i] = -1;
            if (indeterminate[i]) {
                Integer before = lastIdentical.put(calls[i], i);
                twin[i] = before == null ? -1 : before;
            }
        }
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
        // Where the indeterminate items are: the memo cache counts them as done when it skips
        // the leading run of linearized words, which then reaches the frontier instead of
        // stopping at the first info op.
        long[] infoMask = new long[words];
        for (int i = 0; i < n; i++) {
            if (indeterminate[i]) {
                infoMask[i >>> 6] |= 1L << i;
            }
        }
        long[] infoBits = new long[words];
        long bitsHash = 0;
        long infoHash = 0;
        MemoCache cache = new MemoCache(model, infoMask);
        Object state = model.initialState();
        int[] stackItem = new int[n];
        Object[] stackState = new Object[n];
        boolean[] stackInfoPhase = new boolean[n];
        // Determinate candidates are tried before indeterminate ones, so configurations that use
        // fewer indeterminate ops come first and dominate (prune) the ones that use more.
        boolean infoPhase = false;
        int depth = 0;
        int remaining = determinate;
        int infoLeft = n - determinate;
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
                    if (indeterminate[item] != infoPhase) {
                        entry = next[entry];
                        continue;
                    }
                    Object after = pointless(item, infoBits) ? null : model.step(state, calls[item]);
                    if (after != null && indeterminate[item] && model.sameState(after, state)) {
                        after = null; // an indeterminate op that changes nothing: leaving it out is as good
                    }
                    if (after != null) {
                        long mask = 1L << item;
                        boolean info = indeterminate[item];
                        long[] set = info ? infoBits : bits;
                        set[item >>> 6] |= mask;
                        long hash = info ? bitsHash : bitsHash ^ zobrist[item];
                        long newInfoHash = info ? infoHash ^ zobrist[item] : infoHash;
                        if (cache.add(bits, hash, infoBits, newInfoHash, after)) {
                            stackItem[depth] = item;
                            stackState[depth] = state;
                            stackInfoPhase[depth] = infoPhase;
                            depth++;
                            infoPhase = false;
                            state = after;
                            bitsHash = hash;
                            infoHash = newInfoHash;
                            lift(item);
                            if (indeterminate[item]) {
                                infoLeft--;
                            } else {
                                remaining--;
                            }
                            entry = next[head];
                            continue;
                        }
                        set[item >>> 6] &= ~mask;
                    }
                    entry = next[entry];
                } else if (!infoPhase && infoLeft > 0) {
                    infoPhase = true;
                    entry = next[head];
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
                    if (indeterminate[item]) {
                        infoBits[item >>> 6] &= ~(1L << item);
                        infoHash ^= zobrist[item];
                        infoLeft++;
                    } else {
                        bits[item >>> 6] &= ~(1L << item);
                        bitsHash ^= zobrist[item];
                        remaining++;
                    }
                    unlift(item);
                    infoPhase = stackInfoPhase[depth];
                    entry = next[callEntry[item]];
                }
            }
        } finally {
            budget.addMemory(-reportedBytes);
        }
    }

    /**
     * Identical indeterminate ops are interchangeable, so they are used in call order: one is
     * skipped while an identical one invoked before it is still unused. Any linearization using
     * it then has a twin that uses the earlier one instead.
     */
    private boolean pointless(int item, long[] infoBits) {
        int t = twin[item];
        return t >= 0 && (infoBits[t >>> 6] & (1L << t)) == 0;
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
