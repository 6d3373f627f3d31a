package io.faultline.harness.report;

import io.faultline.checker.verdict.Verdict;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.faultline.checker.history.Op;
import io.faultline.harness.run.CheckerJudge;
import io.faultline.harness.run.Judgement;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class FoundAtTest {
    private static Op op(long i, long p, Op.Type t, String f, Object v, long millis) {
        return new Op(i, p, t, f, "k", v, millis * 1_000_000L, null, Map.of());
    }

    @Test
    void aStaleReadIsFoundWhenTheReadCompletes() {
        // put a (ok at 2 s), then a read invoked after it returns nothing at 5 s.
        List<Op> ops = List.of(
                op(0, 0, Op.Type.INVOKE, "put", "a", 1000),
                op(1, 0, Op.Type.OK, "put", "a", 2000),
                op(2, 1, Op.Type.INVOKE, "get", null, 3000),
                op(3, 1, Op.Type.OK, "get", null, 5000));
        Judgement j = new CheckerJudge().judge(ops, "kv", Duration.ofSeconds(10));
        assertEquals(Verdict.NOT_LINEARIZABLE, j.verdict());
        assertEquals(5.0, FoundAt.seconds(j, ops).orElseThrow(), 1e-9);
        assertTrue(FoundAt.seconds(new Judgement(Verdict.LINEARIZABLE, "", Map.of(), null), ops).isEmpty());
    }
}
