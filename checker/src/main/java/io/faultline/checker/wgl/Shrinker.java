package io.faultline.checker.wgl;

import io.faultline.checker.Verdict;
import io.faultline.checker.model.Model;
import java.util.ArrayList;
import java.util.List;

/**
 * Finds a small sub-history that is still not linearizable by removing operations and
 * re-checking (chunks first, then single operations), until no single operation can be
 * removed: the result is 1-minimal unless the budget ran out first.
 *
 * <p>A removal is only kept if every read left behind can still be produced by the operations
 * left behind ({@link Model#readSupported}), unless that read already could not in the full
 * history: otherwise every counterexample would shrink to a lone read whose write was removed.
 */
public final class Shrinker {

    /**
     * @param kept    positions in the original item list, in order
     * @param minimal true when no single operation of {@code kept} can be removed
     */
    public record Shrunk(int[] kept, boolean minimal) {
    }

    /** Each re-check may explore this many configurations. */
    private static final long STATES_PER_CHECK = 100_000;

    private final Model model;
    private final List<SearchItem> items;
    private final Budget budget;

    private final boolean[] orphanedFromStart;
    private boolean cappedInPass;

    public Shrinker(Model model, List<SearchItem> items, Budget budget) {
        this.model = model;
        this.items = items;
        this.budget = budget;
        this.orphanedFromStart = new boolean[items.size()];
        List<Integer> all = new ArrayList<>();
        for (int i = 0; i < items.size(); i++) {
            all.add(i);
        }
        for (int i = 0; i < items.size(); i++) {
            orphanedFromStart[i] = isCheckedRead(i) && !supported(i, all);
        }
    }

    private boolean isCheckedRead(int i) {
        SearchItem it = items.get(i);
        return !it.indeterminate() && model.isReadOnly(it.call());
    }

    private boolean supported(int read, List<Integer> subset) {
        List<io.faultline.checker.model.Call> others = new ArrayList<>(subset.size());
        for (int j : subset) {
            if (j != read) {
                others.add(items.get(j).call());
            }
        }
        return model.readSupported(items.get(read).call(), others);
    }

    /** Every read in {@code subset} that was produced in the full history still is. */
    private boolean readsStillSupported(List<Integer> subset) {
        for (int i : subset) {
            if (isCheckedRead(i) && !orphanedFromStart[i] && !supported(i, subset)) {
                return false;
            }
        }
        return true;
    }

    public Shrunk shrink(DeadEnd hint) {
        List<Integer> current = new ArrayList<>();
        for (int i = 0; i < items.size(); i++) {
            current.add(i);
        }
        if (hint != null && !items.get(hint.blocking()).indeterminate()) {
            // Operations invoked after the dead end's completion rarely matter: try without them.
            long horizon = items.get(hint.blocking()).returnAt();
            List<Integer> early = new ArrayList<>();
            for (int i : current) {
                if (items.get(i).callAt() <= horizon) {
                    early.add(i);
                }
            }
            if (early.size() < current.size() && readsStillSupported(early) && violates(early) == Boolean.TRUE) {
                current = early;
            }
        }
        int chunk = Math.max(1, current.size() / 2);
        while (true) {
            boolean removedAny = false;
            cappedInPass = false;
            int start = 0;
            while (start < current.size()) {
                List<Integer> candidate = new ArrayList<>(current.subList(0, start));
                candidate.addAll(current.subList(Math.min(current.size(), start + chunk), current.size()));
                Boolean v = readsStillSupported(candidate) ? violates(candidate) : Boolean.FALSE;
                if (v == null) {
                    return new Shrunk(toArray(current), false);
                }
                if (v) {
                    current = candidate;
                    removedAny = true;
                } else {
                    start += chunk;
                }
            }
            if (chunk == 1 && !removedAny) {
                return new Shrunk(toArray(current), !cappedInPass);
            }
            chunk = Math.max(1, chunk / 2);
        }
    }

    /** True: still not linearizable; false: linearizable; null: budget spent. */
    private Boolean violates(List<Integer> subset) {
        if (subset.isEmpty()) {
            return false;
        }
        List<SearchItem> sub = new ArrayList<>(subset.size());
        for (int i : subset) {
            sub.add(items.get(i));
        }
        SearchOutcome out = new WglSearch(model, sub).run(budget, false, STATES_PER_CHECK);
        if (out.verdict() == Verdict.UNKNOWN) {
            // A hard sub-history is not worth proving: keep the operations and move on.
            if (WglSearch.STATE_CAP.equals(out.cause())) {
                cappedInPass = true;
                return Boolean.FALSE;
            }
            return null;
        }
        return out.verdict() == Verdict.NOT_LINEARIZABLE;
    }

    private static int[] toArray(List<Integer> l) {
        return l.stream().mapToInt(Integer::intValue).toArray();
    }
}
