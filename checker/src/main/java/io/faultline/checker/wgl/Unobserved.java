package io.faultline.checker.wgl;

import io.faultline.checker.model.Call;
import io.faultline.checker.model.Model;

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

    /**
     * @param same     for each call, a number shared by exactly the identical calls
     * @param distinct how many such numbers there are
     */
    static boolean[] find(Model model, Call[] calls, int[] same, int distinct) {
        boolean[] dropped = new boolean[calls.length];
        // Identical calls observe and are observed alike, so compare each distinct call once.
        Call[] call = new Call[distinct];
        int[] copies = new int[distinct];
        int writers = 0;
        for (int i = 0; i < calls.length; i++) {
            if (copies[same[i]]++ == 0) {
                call[same[i]] = calls[i];
                writers += calls[i].indeterminate() && !model.isReadOnly(calls[i]) ? 1 : 0;
            }
        }
        if ((long) writers * distinct > MAX_PAIRS) {
            return dropped;
        }
        boolean[] gone = new boolean[distinct];
        boolean changed = true;
        while (changed) {
            changed = false;
            for (int w = 0; w < distinct; w++) {
                boolean writer = call[w].indeterminate() && !model.isReadOnly(call[w]);
                if (writer && !gone[w] && !observed(model, w, call, copies, gone)) {
                    gone[w] = true;
                    changed = true;
                }
            }
        }
        for (int i = 0; i < calls.length; i++) {
            dropped[i] = gone[same[i]];
        }
        return dropped;
    }

    private static boolean observed(Model model, int writer, Call[] call, int[] copies, boolean[] gone) {
        for (int o = 0; o < call.length; o++) {
            // An identical twin is another operation: it may observe this one (an append read back).
            if (!gone[o] && (o != writer || copies[o] > 1) && model.observes(call[o], call[writer])) {
                return true;
            }
        }
        return false;
    }
}
