package io.faultline.checker.wgl;

import io.faultline.checker.verdict.Verdict;
import io.faultline.checker.model.Call;
import io.faultline.checker.model.Model;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.IntPredicate;

/**
 * Finds a small sub-history that is still not linearizable by removing operations and
 * re-checking, until no single operation can be removed: the result is 1-minimal unless the
 * budget ran out first.
 *
 * <p>Every step is sound: if the sub-history is not linearizable, neither is the history.
 * <ol>
 * <li>Cut the history at the dead end's completion: later invocations go, and operations
 *     still running then become indeterminate (a history cut at a moment stays linearizable).
 * <li>Remove reads, in halving chunks (removing a read never makes a history less
 *     linearizable).
 * <li>Remove any operation together with every operation left behind that observes it
 *     ({@link Model#observes}), transitively: removing a write while keeping a read of it would
 *     create a new, spurious violation.
 * </ol>
 */
public final class Shrinker {

    /**
     * @param kept    positions in the original item list, in order
     * @param minimal true when no single operation of {@code kept} can be removed
     */
    public record Shrunk(int[] kept, boolean minimal) {
    }

    /** Each re-check may explore at least this many configurations. */
    private static final long MIN_STATES_PER_CHECK = 100_000;

    private final Model model;
    private List<SearchItem> pool;
    private final Budget budget;
    private final long statesPerCheck;
    private boolean cappedInPass;
    private boolean outOfBudget;

    /**
     * @param originalStates configurations the search that found the violation explored; each
     *                       re-check may explore a little more than that
     */
    public Shrinker(Model model, List<SearchItem> items, Budget budget, long originalStates) {
        this.model = model;
        this.pool = items;
        this.budget = budget;
        this.statesPerCheck = Math.max(MIN_STATES_PER_CHECK, originalStates + originalStates / 2);
    }

    public Shrunk shrink(DeadEnd hint) {
        List<Integer> current = new ArrayList<>();
        for (int i = 0; i < pool.size(); i++) {
            current.add(i);
        }
        if (hint != null && !pool.get(hint.blocking()).indeterminate()) {
            current = cutAt(current, pool.get(hint.blocking()).returnAt());
        }
        current = ddmin(current, i -> model.isReadOnly(pool.get(i).call()), false);
        if (outOfBudget) {
            return new Shrunk(toArray(current), false);
        }
        current = ddmin(current, i -> true, true);
        return new Shrunk(toArray(current), !outOfBudget && !cappedInPass);
    }

    private List<Integer> cutAt(List<Integer> current, long moment) {
        List<SearchItem> weakened = new ArrayList<>(pool);
        List<Integer> kept = new ArrayList<>();
        for (int i : current) {
            SearchItem it = pool.get(i);
            if (it.callAt() > moment) {
                continue;
            }
            if (!it.indeterminate() && it.returnAt() > moment) {
                if (model.isReadOnly(it.call())) {
                    continue;
                }
                Call c = it.call();
                weakened.set(i, new SearchItem(it.operation(),
                        new Call(c.code(), c.f(), c.key(), c.input(), null, true), it.callAt(), it.returnAt()));
            }
            kept.add(i);
        }
        if (kept.size() == current.size()) {
            return current;
        }
        List<SearchItem> original = pool;
        pool = weakened;
        if (violates(kept) == Boolean.TRUE) {
            return kept;
        }
        pool = original;
        return current;
    }

    /**
     * Delta debugging over the removable members of {@code current}: remove halving chunks
     * while the rest still violates; finish with single removals until none works.
     */
    private List<Integer> ddmin(List<Integer> current, IntPredicate removable, boolean withObservers) {
        int chunk = Math.max(1, countRemovable(current, removable) / 2);
        while (!outOfBudget) {
            boolean removedAny = false;
            cappedInPass = false;
            List<Integer> candidates = new ArrayList<>();
            for (int i : current) {
                if (removable.test(i)) {
                    candidates.add(i);
                }
            }
            for (int start = 0; start < candidates.size() && !outOfBudget; start += chunk) {
                List<Integer> drop = candidates.subList(start, Math.min(candidates.size(), start + chunk));
                Set<Integer> dropSet = new HashSet<>(drop);
                if (withObservers) {
                    addObservers(dropSet, current);
                }
                List<Integer> rest = new ArrayList<>(current.size());
                for (int i : current) {
                    if (!dropSet.contains(i)) {
                        rest.add(i);
                    }
                }
                if (rest.isEmpty()) {
                    continue;
                }
                if (violates(rest) == Boolean.TRUE) {
                    current = rest;
                    removedAny = true;
                }
            }
            if (chunk == 1 && !removedAny) {
                break;
            }
            chunk = Math.max(1, chunk / 2);
        }
        return current;
    }

    private static int countRemovable(List<Integer> current, IntPredicate removable) {
        int n = 0;
        for (int i : current) {
            if (removable.test(i)) {
                n++;
            }
        }
        return n;
    }

    /** Adds to {@code drop} every operation of {@code current} that observes a dropped write, transitively. */
    private void addObservers(Set<Integer> drop, List<Integer> current) {
        java.util.ArrayDeque<Integer> writers = new java.util.ArrayDeque<>();
        for (int d : drop) {
            if (!model.isReadOnly(pool.get(d).call())) {
                writers.add(d);
            }
        }
        while (!writers.isEmpty()) {
            Call writer = pool.get(writers.poll()).call();
            for (int k : current) {
                if (!drop.contains(k) && model.observes(pool.get(k).call(), writer)) {
                    drop.add(k);
                    if (!model.isReadOnly(pool.get(k).call())) {
                        writers.add(k);
                    }
                }
            }
        }
    }

    /** True: still not linearizable; false: linearizable or too hard to tell; null: budget spent. */
    private Boolean violates(List<Integer> subset) {
        if (subset.isEmpty()) {
            return false;
        }
        List<SearchItem> sub = new ArrayList<>(subset.size());
        for (int i : subset) {
            sub.add(pool.get(i));
        }
        SearchOutcome out = new WglSearch(model, sub).run(budget, false, statesPerCheck);
        if (out.verdict() == Verdict.UNKNOWN) {
            if (WglSearch.STATE_CAP.equals(out.cause())) {
                // A hard sub-history is not worth proving: keep the operations and move on.
                cappedInPass = true;
                return false;
            }
            outOfBudget = true;
            return null;
        }
        return out.verdict() == Verdict.NOT_LINEARIZABLE;
    }

    private static int[] toArray(List<Integer> l) {
        return l.stream().mapToInt(Integer::intValue).toArray();
    }
}
