package io.faultline.harness.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RunVerdictTest {
    private static final Duration RECOVERY = Duration.ofSeconds(30);
    private static final String LINE = "n1: 2026-11-30T07:33:54.028Z n1 t7 follower  RAFT SAFETY VIOLATION: refused "
            + "MSG_APPEND from n3 of term 7: leader n3 has term 4 at index 46, which this node committed in term 3";

    private static Judgement judged(Judgement.Verdict v, String summary) {
        return new Judgement(v, summary, Map.of(), null);
    }

    @Test
    void aSafetyLineMakesAViolationOfALinearizableHistoryOfAStalledCluster() {
        RunVerdict v = RunVerdict.of(judged(Judgement.Verdict.LINEARIZABLE, "linearizable in 0.02 s"), false, RECOVERY,
                List.of("k1"), List.of(LINE, LINE));
        assertEquals(RunStatus.VIOLATION, v.status());
        assertEquals("Raft safety broken, logged by " + LINE + " (1 more such lines in the node logs); the history: "
                + "linearizable in 0.02 s", v.why());
    }

    @Test
    void withoutSafetyLinesTheHistoryAndTheRecoveryDecide() {
        assertEquals(RunStatus.LINEARIZABLE, RunVerdict.of(judged(Judgement.Verdict.LINEARIZABLE, "ok"), true, RECOVERY,
                List.of(), List.of()).status());
        assertEquals(RunStatus.VIOLATION, RunVerdict.of(judged(Judgement.Verdict.VIOLATION, "not linearizable"), true,
                RECOVERY, List.of(), List.of()).status());
        assertEquals(RunStatus.UNKNOWN, RunVerdict.of(judged(Judgement.Verdict.UNKNOWN, "budget"), false, RECOVERY,
                List.of(), List.of()).status());
        RunVerdict stalled = RunVerdict.of(judged(Judgement.Verdict.LINEARIZABLE, "ok"), false, RECOVERY, List.of("k3"),
                List.of());
        assertEquals(RunStatus.NOT_RECOVERED, stalled.status());
        assertTrue(stalled.why().equals("ok; but the cluster did not recover: no agreement within 30s keys not readable: [k3]"),
                stalled.why());
    }
}
