package io.faultline.checker.wgl;

import io.faultline.checker.model.Model;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * Says, for a partition the search gave up on, what made it hard and what the user can change:
 * writes without an answer (each may or may not have taken effect, at any moment after its
 * call) multiply the orders to try with every read they overlap, and so do many operations of
 * one key running at once.
 */
final class Hardness {
    private Hardness() {
    }

    /**
     * @param kept     false for the unknown writes dropped before the search (nobody observed them)
     * @param timedOut the time budget ran out (else the memory guard stopped the search)
     */
    static String describe(Model model, List<SearchItem> items, boolean[] kept, boolean timedOut) {
        int unanswered = 0;
        long firstUnanswered = Long.MAX_VALUE;
        for (int i = 0; i < items.size(); i++) {
            SearchItem it = items.get(i);
            if (it.indeterminate() && kept[i] && !model.isReadOnly(it.call())) {
                unanswered++;
                firstUnanswered = Math.min(firstUnanswered, it.callAt());
            }
        }
        int overlapped = 0;
        for (SearchItem it : items) {
            if (!it.indeterminate() && model.isReadOnly(it.call()) && it.returnAt() > firstUnanswered) {
                overlapped++;
            }
        }
        int atOnce = mostAtOnce(items);
        String hint = timedOut ? "a longer --timeout" : "a larger heap (FAULTLINE_JAVA_OPTS=-Xmx8g)";
        if (unanswered == 0) {
            return String.format(Locale.ROOT, "Up to %d of its operations ran at once; try %s or fewer clients per key",
                    atOnce, hint);
        }
        return String.format(Locale.ROOT, "%d %s without an answer (each may or may not have taken effect) overlap"
                + " %d reads, and up to %d of its operations ran at once; try %s, fewer clients per key, or fewer"
                + " requests left without an answer", unanswered, unanswered == 1 ? "write" : "writes", overlapped,
                atOnce, hint);
    }

    /** The most determinate operations in progress at one moment (a call at the moment of a return overlaps it). */
    private static int mostAtOnce(List<SearchItem> items) {
        long[] events = new long[2 * items.size()];
        int n = 0;
        for (SearchItem it : items) {
            if (!it.indeterminate()) {
                // Calls sort before returns at the same moment: equal moments are concurrent.
                events[n++] = it.callAt() << 1;
                events[n++] = it.returnAt() << 1 | 1;
            }
        }
        Arrays.sort(events, 0, n);
        int now = 0;
        int most = 0;
        for (int k = 0; k < n; k++) {
            now += (events[k] & 1) == 0 ? 1 : -1;
            most = Math.max(most, now);
        }
        return most;
    }
}
