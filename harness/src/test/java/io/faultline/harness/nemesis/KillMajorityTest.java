package io.faultline.harness.nemesis;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.faultline.checker.history.Op;
import io.faultline.harness.history.HistoryRecorder;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** kill-majority: the leader plus enough of the seeded order to make a majority, all restarted at the end. */
class KillMajorityTest {
    @Test
    void killsTheLeaderAndTwoMoreOfFiveThenRestartsThem() {
        NemesisTest.FakeTarget target = new NemesisTest.FakeTarget();
        HistoryRecorder history = new HistoryRecorder(null, System.nanoTime());
        Nemesis nemesis = new Nemesis(target, history, line -> {});
        nemesis.begin(new Fault.KillMajority(List.of(5, 3, 1, 2, 4)));
        assertEquals(Optional.of("kill n3 n5 n1 (majority, leader n3)"), nemesis.activeFault());
        nemesis.end();
        assertEquals(List.of("kill 3", "kill 5", "kill 1", "restart 3", "restart 5", "restart 1"), target.actions);
        assertEquals(List.of("start-kill", "stop-kill"), history.ops().stream().map(Op::f).toList());
    }

    @Test
    void isParsedByNameAndDrawnFromTheSeed() {
        assertEquals(List.of(FaultOption.KILL_MAJORITY), FaultOption.parseList("kill-majority"));
        Fault a = FaultOption.KILL_MAJORITY.draw(new SplittableRandom(7), List.of(1, 2, 3));
        Fault b = FaultOption.KILL_MAJORITY.draw(new SplittableRandom(7), List.of(1, 2, 3));
        assertEquals(a, b);
        assertEquals(3, new ArrayList<>(((Fault.KillMajority) a).order()).size());
    }
}
