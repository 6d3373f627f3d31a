package io.faultline.harness.report;

import io.faultline.checker.verdict.Verdict;
import io.faultline.checker.history.Op;
import io.faultline.harness.run.Judgement;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;

/**
 * When in a run a violation was found: the time (from the start of the workload) at
 * which the last operation of the checker's shrunk counterexample completed — the
 * first moment the history held the contradiction. An operation with an unknown
 * outcome counts with its invocation. Read from the check's result.json form
 * ({@code partitions[].violation.shrunk[]} with history indexes).
 */
public final class FoundAt {
    private FoundAt() {}

    /** Seconds into the run; empty when the judgement is not a violation or names no operations. */
    public static OptionalDouble seconds(Judgement judgement, List<Op> ops) {
        if (judgement == null || judgement.verdict() != Verdict.NOT_LINEARIZABLE || ops == null) {
            return OptionalDouble.empty();
        }
        if (!(judgement.details().get("partitions") instanceof List<?> parts)) return OptionalDouble.empty();
        Map<Long, Op> byIndex = new HashMap<>();
        for (Op op : ops) byIndex.put(op.index(), op);
        for (Object p : parts) {
            if (!(p instanceof Map<?, ?> part) || !(part.get("violation") instanceof Map<?, ?> v)) continue;
            if (!(v.get("shrunk") instanceof List<?> shrunk)) continue;
            long last = -1;
            for (Object o : shrunk) {
                if (!(o instanceof Map<?, ?> ref)) continue;
                Op op = byIndex.get(index(ref.get("completionIndex") != null ? ref.get("completionIndex")
                        : ref.get("invokeIndex")));
                if (op != null) last = Math.max(last, op.time());
            }
            if (last >= 0) return OptionalDouble.of(last / 1e9);
        }
        return OptionalDouble.empty();
    }

    private static long index(Object o) {
        return o instanceof Number n ? n.longValue() : -1;
    }
}
