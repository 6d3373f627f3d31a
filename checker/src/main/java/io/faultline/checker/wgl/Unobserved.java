package io.faultline.checker.wgl;

import io.faultline.checker.model.Call;
import io.faultline.checker.model.Model;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Finds the indeterminate operations no other operation could observe ({@link Model#observes}),
 * which the search can leave out: an effect nobody saw is indistinguishable from none, so the
 * history is linearizable with them exactly when it is without them. This is the same property
 * of {@code observes} that makes shrinking sound. Leaving one out can leave another unobserved
 * (an unknown cas that was the only one to expect a value), so it repeats until nothing changes.
 */
final class Unobserved {
    /** Pairs of distinct calls compared at most; beyond that nothing is dropped (only slower). */
    private static final long MAX_PAIRS = 4_000_000;

    private Unobserved() {
    }

    static boolean[] find(Model model, Call[] calls) {
        boolean[] dropped = new boolean[calls.length];
        // Identical calls observe and are observed alike, so compare each distinct call once.
        Map<Call, List<Integer>> distinct = new LinkedHashMap<>();
        for (int i = 0; i < calls.length; i++) {
            distinct.computeIfAbsent(calls[i], c -> new ArrayList<>()).add(i);
        }
        List<Call> unknown = new ArrayList<>();
        for (Call c : distinct.keySet()) {
            if (c.indeterminate() && !model.isReadOnly(c)) {
                unknown.add(c);
            }
        }
        if ((long) unknown.size() * distinct.size() > MAX_PAIRS) {
            return dropped;
        }
        Map<Call, Boolean> gone = new LinkedHashMap<>();
        boolean changed = true;
        while (changed) {
            changed = false;
            for (Call writer : unknown) {
                if (gone.containsKey(writer) || observed(model, writer, distinct, gone)) {
                    continue;
                }
                gone.put(writer, true);
                changed = true;
            }
        }
        for (Call c : gone.keySet()) {
            for (int i : distinct.get(c)) {
                dropped[i] = true;
            }
        }
        return dropped;
    }

    private static boolean observed(Model model, Call writer, Map<Call, List<Integer>> distinct, Map<Call, Boolean> gone) {
        for (Map.Entry<Call, List<Integer>> e : distinct.entrySet()) {
            Call other = e.getKey();
            if (gone.containsKey(other)) {
                continue;
            }
            // An identical twin is another operation: it may observe this one (an append read back).
            if ((other != writer || e.getValue().size() > 1) && model.observes(other, writer)) {
                return true;
            }
        }
        return false;
    }
}
