package io.faultline.checker.wgl;

import io.faultline.checker.verdict.Verdict;
import io.faultline.checker.model.Call;
import io.faultline.checker.model.Model;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.stream.IntStream;

/**
 * The Wing–Gong–Lowe search for one partition: walk a time-ordered doubly linked list of call
 * and return entries; at a call, try to linearize that operation next (lift its entries out of
 * the list); at a return, the operation it closes should have been linearized already, so back
 * track. A memo cache of (linearized set, state) prunes configurations already explored.
 *
 * <p>Indeterminate operations may take effect any time after their call, or never, so the
 * search is done when every determinate operation is linearized. They are kept out of the list
 * and used lazily: only when the search reaches a return it cannot pass with determinate
 * operations alone does it try one, among those called before that return. So a long history
 * with thousands of pending indeterminate operations costs nothing per step for them.
 * Identical ones are interchangeable, so each class of identical operations is used in call
 * order ({@link UsedUnknowns}); one that would not change the state is never tried; one that no
 * other operation can observe is dropped before the search ({@link Unobserved}). A configuration
 * that used a superset of the indeterminate operations of one already explored, with the same
 * determinate ones and state, is pruned: whatever completes it would complete the earlier one
 * too ({@link MemoCache}). On a hard partition the model may study the calls first: states no
 * continuation tells apart become one ({@link Model#forPartition}), and a new configuration is
 * abandoned when one of the next reads can never see its value from it ({@link Model#reachability}).
 */
public final class WglSearch {
    private static final int CHECK_EVERY = 1 << 12;

    /** The cause of an unknown outcome when {@code maxStates} was reached. */
    public static final String STATE_CAP = "state cap reached";

    private final Model model;
    private final List<SearchItem> items;
    /** False for the indeterminate operations dropped before the search. */
    private final boolean[] kept;
    private final Call[] calls;
    /**
     * For a read, the model's test of whether a state can still lead to one the read sees; null
     * for the reads (and partitions) that no state rules out.
     */
    private final Predicate<Object>[] reachable;
    /** The call entries of the reads with a test, in list (time) order. */
    private final int[] testedCalls;
    private final int n;
    private final int determinate;
    private final long[] zobrist;
    /** Determinate items in each 64-item word of the done set. */
    private final int[] determinatePerWord;

    // The list of determinate call and return entries, in time order; head is a sentinel.
    private final int head;
    private final int[] next;
    private final int[] prev;
    private final int[] entryItem;
    private final boolean[] isCall;
    private final int[] callEntry;
    private final int[] returnEntry;
    /** Rank of each entry in the time order of all calls and returns. */
    private final int[] entryRank;
    /** For a determinate item, the identical one that returns just before it, or -1. */
    private final int[] earlierTwin;

    // Indeterminate operations, by class of identical calls, each class in call order.
    private final int[][] members;
    /** For an indeterminate item, its class; -1 for determinate or dropped items. */
    private final int[] classOf;
    /** For an indeterminate item, the rank of its call. */
    private final int[] callRank;
    /** For an indeterminate item the search keeps, its number among them in call order. */
    private final int[] unknownNumber;
    private final int unknownCount;

    public WglSearch(Model model, List<SearchItem> items) {
        this(model, items, true);
    }

    /**
     * @param partitionAnalyses let the model study the partition first ({@link Model#forPartition},
     *                          {@link Model#reachability}): it pays off on a hard partition and
     *                          costs more than the whole search on an easy one
     */
    public WglSearch(Model model, List<SearchItem> items, boolean partitionAnalyses) {
        this.items = items;
        this.n = items.size();
        this.calls = new Call[n];
        boolean[] unknown = new boolean[n];
        int det = 0;
        for (int i = 0; i < n; i++) {
            calls[i] = items.get(i).call();
            unknown[i] = items.get(i).indeterminate();
            if (!unknown[i]) {
                det++;
            }
        }
        this.model = partitionAnalyses ? model.forPartition(calls) : model;
        this.determinate = det;
        this.reachable = partitionAnalyses ? readTests(this.model, calls, unknown) : null;
        this.determinatePerWord = new int[Math.max(1, (n + 63) >>> 6)];
        for (int i = 0; i < n; i++) {
            if (!unknown[i]) {
                determinatePerWord[i >>> 6]++;
            }
        }
        // Identical calls share a number: they are interchangeable in several ways below.
        int[] distinct = new int[1];
        int[] same = IdenticalCalls.number(calls, distinct);
        boolean[] dropped = Unobserved.find(this.model, calls, same, distinct[0]);
        this.kept = new boolean[n];
        for (int i = 0; i < n; i++) {
            kept[i] = !dropped[i];
        }

        // Every call and return, sorted by time. Dropped operations need no entry.
        int all = 0;
        for (int i = 0; i < n; i++) {
            all += dropped[i] ? 0 : unknown[i] ? 1 : 2;
        }
        long[] at = new long[all];
        int[] item = new int[all];
        boolean[] call = new boolean[all];
        int e = 0;
        for (int i = 0; i < n; i++) {
            if (dropped[i]) {
                continue;
            }
            SearchItem it = items.get(i);
            at[e] = it.callAt();
            item[e] = i;
            call[e++] = true;
            if (!unknown[i]) {
                at[e] = it.returnAt();
                item[e++] = i;
            }
        }
        int[] order = TimeOrder.sort(at, call);

        int entries = 2 * det;
        this.head = entries;
        this.next = new int[entries + 1];
        this.prev = new int[entries + 1];
        this.entryItem = new int[entries];
        this.isCall = new boolean[entries];
        this.entryRank = new int[entries];
        this.callEntry = new int[n];
        this.returnEntry = new int[n];
        this.callRank = new int[n];
        this.unknownNumber = new int[n];
        int unknowns = 0;
        this.classOf = new int[n];
        Arrays.fill(classOf, -1);
        int[] classOfNumber = new int[distinct[0]];
        Arrays.fill(classOfNumber, -1);
        List<List<Integer>> classMembers = new ArrayList<>();
        int last = head;
        int k = 0;
        for (int rank = 0; rank < all; rank++) {
            int src = order[rank];
            int i = item[src];
            if (unknown[i]) {
                callRank[i] = rank;
                unknownNumber[i] = unknowns++;
                if (classOfNumber[same[i]] < 0) {
                    classOfNumber[same[i]] = classMembers.size();
                    classMembers.add(new ArrayList<>());
                }
                int cls = classOfNumber[same[i]];
                classOf[i] = cls;
                classMembers.get(cls).add(i);
                continue;
            }
            entryItem[k] = i;
            isCall[k] = call[src];
            entryRank[k] = rank;
            if (call[src]) {
                callEntry[i] = k;
            } else {
                returnEntry[i] = k;
            }
            next[last] = k;
            prev[k] = last;
            last = k++;
        }
        next[last] = -1;
        this.unknownCount = unknowns;
        this.earlierTwin = new int[n];
        Arrays.fill(earlierTwin, -1);
        int[] lastReturned = new int[distinct[0]];
        Arrays.fill(lastReturned, -1);
        for (int r = 0; r < entries; r++) {
            if (!isCall[r]) {
                int i = entryItem[r];
                earlierTwin[i] = lastReturned[same[i]];
                lastReturned[same[i]] = i;
            }
        }
        this.testedCalls = reachable == null ? new int[0]
                : IntStream.range(0, entries).filter(x -> isCall[x] && reachable[entryItem[x]] != null).toArray();
        this.members = new int[classMembers.size()][];
        for (int c = 0; c < members.length; c++) {
            members[c] = classMembers.get(c).stream().mapToInt(Integer::intValue).toArray();
        }
        this.zobrist = new long[n];
        SplittableRandom random = new SplittableRandom(0x5EEDL);
        for (int i = 0; i < n; i++) {
            zobrist[i] = random.nextLong();
        }
    }

    public SearchOutcome run(Budget budget, boolean recordDeadEnd) {
        return run(budget, recordDeadEnd, Long.MAX_VALUE);
    }

    /**
     * @param recordDeadEnd keep the deepest dead end, for explaining a violation
     * @param maxStates     give up (unknown, {@link #STATE_CAP}) after exploring about this
     *                      many configurations
     */
    public SearchOutcome run(Budget budget, boolean recordDeadEnd, long maxStates) {
        DoneSet done = new DoneSet(determinatePerWord);
        UsedUnknowns used = new UsedUnknowns(members.length, unknownCount);
        Object state = model.initialState();
        int[] stackItem = new int[n];
        Object[] stackState = new Object[n];
        int[] stackBoundary = new int[n];
        int depth = 0;
        int longest = 0;
        int remaining = determinate;
        // Where the search stands: walking the entry list at `entry` (cls < 0), or, stopped at
        // the return entry `boundary`, trying indeterminate classes from `cls` on.
        int entry = next[head];
        int cls = -1;
        int boundary = -1;
        DeepestDeadEnd deepest = new DeepestDeadEnd(n);
        int untilCheck = CHECK_EVERY;
        MemoCache cache = null;
        try {
            cache = new MemoCache(model, budget, n);
            while (true) {
                if (remaining == 0) {
                    return new SearchOutcome(Verdict.LINEARIZABLE, null, null, cache.size());
                }
                if (--untilCheck == 0) {
                    untilCheck = CHECK_EVERY;
                    String cause = cache.size() > maxStates ? STATE_CAP : budget.exhaustion();
                    if (cause != null) {
                        if (!STATE_CAP.equals(cause) && budget.ranOut()) {
                            cause += " after exploring " + cache.size() + " configurations" + reached(longest) + ". "
                                    + Hardness.describe(model, items, kept, true);
                        }
                        return new SearchOutcome(Verdict.UNKNOWN, cause, null, cache.size());
                    }
                }
                int item = -1;
                if (cls < 0 && isCall[entry]) {
                    item = entryItem[entry];
                    entry = next[entry];
                    if (laterTwin(item, done)) {
                        continue;
                    }
                } else if (cls < 0) {
                    boundary = entry;
                    cls = 0;
                    continue;
                } else if (cls < members.length) {
                    item = eligible(cls++, used, boundary);
                    if (item < 0) {
                        continue;
                    }
                } else {
                    if (recordDeadEnd && deepest.deeperThanRecorded(depth)) {
                        deepest.record(stackItem, depth, state, entryItem[boundary], candidates(boundary, used));
                    }
                    if (depth == 0) {
                        return new SearchOutcome(Verdict.NOT_LINEARIZABLE, null, deepest.deadEnd(), cache.size());
                    }
                    depth--;
                    deepest.poppedTo(depth);
                    int undone = stackItem[depth];
                    state = stackState[depth];
                    stackState[depth] = null;
                    if (classOf[undone] < 0) {
                        done.undo(undone, zobrist[undone]);
                        unlift(undone);
                        remaining++;
                        entry = next[callEntry[undone]];
                        cls = -1;
                    } else {
                        used.unuse(classOf[undone], unknownNumber[undone], zobrist[undone]);
                        boundary = stackBoundary[depth];
                        cls = classOf[undone] + 1;
                    }
                    continue;
                }
                Object after = model.step(state, calls[item]);
                boolean unknown = classOf[item] >= 0;
                if (after == null || (unknown && model.sameState(after, state))) {
                    continue; // an indeterminate op that changes nothing: leaving it out is as good
                }
                if (unknown) {
                    used.use(classOf[item], unknownNumber[item], zobrist[item]);
                } else {
                    done.add(item, zobrist[item]);
                }
                // A configuration seen before needs no look-ahead; a dead one stays in the cache,
                // which is right: it is explored, and nothing follows from it.
                boolean fresh = cache.add(done.bits(), done.hash(), done.low(), done.high(), used, after);
                boolean dead = fresh && reachable != null && !readsStillReachable(done, after);
                if (dead && recordDeadEnd && deepest.deeperThanRecorded(depth + 1)) {
                    // Explained like any dead end: where the search stands after this step.
                    stackItem[depth] = item;
                    if (!unknown) {
                        lift(item);
                    }
                    int firstReturn = firstReturn();
                    deepest.record(stackItem, depth + 1, after, entryItem[firstReturn], candidates(firstReturn, used));
                    deepest.poppedTo(depth);
                    if (!unknown) {
                        unlift(item);
                    }
                }
                if (fresh && !dead) {
                    stackItem[depth] = item;
                    stackState[depth] = state;
                    stackBoundary[depth] = boundary;
                    depth++;
                    longest = Math.max(longest, depth);
                    state = after;
                    if (!unknown) {
                        lift(item);
                        remaining--;
                    }
                    entry = next[head];
                    cls = -1;
                } else if (unknown) {
                    used.unuse(classOf[item], unknownNumber[item], zobrist[item]);
                } else {
                    done.undo(item, zobrist[item]);
                }
            }
        } catch (MemoCache.Full e) {
            long explored = cache == null ? 0 : cache.size();
            return new SearchOutcome(Verdict.UNKNOWN, budget.memoryCause() + " after exploring " + explored
                    + " configurations" + reached(longest) + ". " + Hardness.describe(model, items, kept, false), null,
                    explored);
        } finally {
            if (cache != null) {
                cache.release();
            }
        }
    }

    @SuppressWarnings("unchecked")
    private static Predicate<Object>[] readTests(Model model, Call[] calls, boolean[] unknown) {
        Function<Call, Predicate<Object>> tests = model.reachability(calls);
        if (tests == null) {
            return null;
        }
        Predicate<Object>[] out = new Predicate[calls.length];
        boolean any = false;
        for (int i = 0; i < calls.length; i++) {
            if (!unknown[i] && model.isReadOnly(calls[i])) {
                out[i] = tests.apply(calls[i]);
                any |= out[i] != null;
            }
        }
        return any ? out : null;
    }

    /** How many reads not linearized yet, from the first entry left in the list on, are checked. */
    private static final int READS_AHEAD = 12;

    /**
     * Whether the next {@link #READS_AHEAD} reads not linearized yet (of those the model has a
     * test for) can still see their values from {@code after}: every one of them must be
     * linearized later, so one the model can tell never will makes this branch dead already.
     * Reads called later count too: with appends only, a wrong order of the writes running now
     * shows only in a read that starts after some of them returned.
     */
    private boolean readsStillReachable(DoneSet done, Object after) {
        int i = Arrays.binarySearch(testedCalls, next[head]);
        int checked = 0;
        for (i = i < 0 ? -i - 1 : i; i < testedCalls.length && checked < READS_AHEAD; i++) {
            int r = entryItem[testedCalls[i]];
            if (done.contains(r)) {
                continue;
            }
            if (!reachable[r].test(after)) {
                return false;
            }
            checked++;
        }
        return true;
    }

    /** The first return entry left in the list (there is one while a determinate op is not linearized). */
    private int firstReturn() {
        int e = next[head];
        while (isCall[e]) {
            e = next[e];
        }
        return e;
    }

    private String reached(int longest) {
        return " (at most " + longest + " of " + n + " operations linearized)";
    }

    /**
     * Identical determinate operations are interchangeable too: when two are both candidates,
     * a linearization taking the one that returns later first stays valid with the two
     * swapped, so only the one that returns first is tried.
     */
    private boolean laterTwin(int item, DoneSet done) {
        int t = earlierTwin[item];
        return t >= 0 && !done.contains(t) && isCandidate(callEntry[t]);
    }

    /** No return entry precedes this call entry in the list. */
    private boolean isCandidate(int call) {
        for (int e = next[head]; e != call; e = next[e]) {
            if (!isCall[e]) {
                return false;
            }
        }
        return true;
    }

    /** The next unused operation of class {@code cls}, if it was called before the boundary. */
    private int eligible(int cls, UsedUnknowns used, int boundary) {
        int[] m = members[cls];
        int c = used.count(cls);
        if (c == m.length) {
            return -1;
        }
        int item = m[c];
        return callRank[item] < entryRank[boundary] ? item : -1;
    }

    /**
     * The operations that could have gone next before the return entry {@code boundary}. A long
     * linearizable history records a dead end at nearly every depth, so this allocates nothing
     * but its answer.
     */
    private int[] candidates(int boundary, UsedUnknowns used) {
        int count = 0;
        for (int e = next[head]; e != boundary; e = next[e]) {
            count++;
        }
        for (int c = 0; c < members.length; c++) {
            count += eligible(c, used, boundary) >= 0 ? 1 : 0;
        }
        int[] candidates = new int[count];
        int k = 0;
        for (int e = next[head]; e != boundary; e = next[e]) {
            candidates[k++] = entryItem[e];
        }
        for (int c = 0; c < members.length; c++) {
            int item = eligible(c, used, boundary);
            if (item >= 0) {
                candidates[k++] = item;
            }
        }
        return candidates;
    }

    private void lift(int item) {
        remove(callEntry[item]);
        remove(returnEntry[item]);
    }

    private void unlift(int item) {
        restore(returnEntry[item]);
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
