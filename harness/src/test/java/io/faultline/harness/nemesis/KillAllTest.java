package io.faultline.harness.nemesis;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.faultline.checker.history.Op;
import io.faultline.harness.history.HistoryRecorder;
import java.util.List;
import java.util.Optional;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** kill-all: every node killed, the leader first, all restarted when the fault ends. */
class KillAllTest {
    @Test
    void killsTheLeaderFirstThenEveryOtherNodeAndRestartsThemAll() {
        NemesisTest.FakeTarget target = new NemesisTest.FakeTarget();
        HistoryRecorder history = new HistoryRecorder(null, System.nanoTime());
        Nemesis nemesis = new Nemesis(target, history, line -> {});
        nemesis.begin(new KillAllFault(List.of(5, 3, 1, 2, 4)));
        assertEquals(Optional.of("kill n3 n5 n1 n2 n4 (all, leader n3 first)"), nemesis.activeFault());
        nemesis.end();
        assertEquals(List.of("kill 3", "kill 5", "kill 1", "kill 2", "kill 4",
                "restart 3", "restart 5", "restart 1", "restart 2", "restart 4"), target.actions);
        assertEquals(List.of("start-kill-all", "stop-kill-all"), history.ops().stream().map(Op::f).toList());
    }

    @Test
    void isParsedByNameAndDrawnFromTheSeed() {
        assertEquals(List.of(KillAllFault.PACKAGE), FaultPackages.parse("kill-all"));
        Fault a = KillAllFault.PACKAGE.draw(new SplittableRandom(7), List.of(1, 2, 3));
        assertEquals(a, KillAllFault.PACKAGE.draw(new SplittableRandom(7), List.of(1, 2, 3)));
        assertEquals(3, ((KillAllFault) a).order().size());
    }
}
