package io.faultline.harness.report;

import io.faultline.checker.history.Op;
import io.faultline.harness.run.Judgement;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;

/**
 * When in a run a violation was found: the time (from the start of the workload) at
 * which the last operation of the checker's shrunk counterexample completed — the
 * first moment the history held the contradiction. An operation with an unknown
 * outcome counts with its invocation.
 */
public final class FoundAt {
    private FoundAt() {}

    /** Seconds into the run; empty when the judgement is not a violation or names no operations. */
    public static OptionalDouble seconds(Judgement judgement, List<Op> ops) {
        if (judgement == null || judgement.verdict() != Judgement.Verdict.VIOLATION) return OptionalDouble.empty();
        Map<String, Object> violation = ViolationBrief.firstViolation(judgement.details());
        if (violation == null) return OptionalDouble.empty();
        return ViolationBrief.steps(violation, ops).stream()
                .mapToLong(s -> s.completeNanos() == null ? s.invokeNanos() : s.completeNanos())
                .max().stream().mapToDouble(n -> n / 1e9).findFirst();
    }
}
