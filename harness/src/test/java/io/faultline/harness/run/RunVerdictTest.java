package io.faultline.harness.run;

import io.faultline.checker.verdict.Verdict;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class RunVerdictTest {
    private static final String LINE = "n1 logged: 2026-11-30T07:33:54.028Z n1 t7 follower  RAFT SAFETY VIOLATION: refused "
            + "MSG_APPEND from n3 of term 7: leader n3 has term 4 at index 46, which this node committed in term 3";
    private static final Optional<String> NONE = Optional.empty();

    private static Judgement judged(Verdict v, String summary) {
        return new Judgement(v, summary, Map.of(), null);
    }

    @Test
    void aSafetyFindingMakesAViolationOfALinearizableHistoryOfAStalledCluster() {
        RunVerdict v = RunVerdict.of(judged(Verdict.LINEARIZABLE, "linearizable in 0.02 s"),
                SafetyLines.finding(List.of(LINE, LINE)), Optional.of("the cluster did not recover: keys not readable: [k1]"));
        assertEquals(RunStatus.VIOLATION, v.status());
        assertEquals("Raft safety broken: " + LINE + " (1 more such findings in the node logs); the history: "
                + "linearizable in 0.02 s; the cluster did not recover: keys not readable: [k1]", v.why());
        assertEquals(RunStatus.VIOLATION, RunVerdict.of(judged(Verdict.UNKNOWN, "budget"),
                Optional.of("Raft safety: index 53 committed in term 9 on n1 but in term 7 on n3"), NONE).status(),
                "an undecided history does not hide a safety finding");
    }

    @Test
    void withoutASafetyFindingTheHistoryAndTheRecoveryDecide() {
        assertEquals(RunStatus.LINEARIZABLE, RunVerdict.of(judged(Verdict.LINEARIZABLE, "ok"), NONE, NONE).status());
        assertEquals(RunStatus.VIOLATION,
                RunVerdict.of(judged(Verdict.NOT_LINEARIZABLE, "not linearizable"), NONE, Optional.of("stalled")).status());
        assertEquals(RunStatus.UNKNOWN, RunVerdict.of(judged(Verdict.UNKNOWN, "budget"), NONE, NONE).status());
        RunVerdict stalled = RunVerdict.of(judged(Verdict.LINEARIZABLE, "ok"), NONE,
                Optional.of("the cluster did not recover: no agreement within 30s"));
        assertEquals(RunStatus.NOT_RECOVERED, stalled.status());
        assertEquals("ok; the cluster did not recover: no agreement within 30s", stalled.why());
        assertEquals(NONE, SafetyLines.finding(List.of()));
    }
}
