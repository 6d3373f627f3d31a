package io.faultline.harness.nemesis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.faultline.checker.history.Op;
import io.faultline.harness.history.HistoryRecorder;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The clock-skew and link-dup packages against a fake cluster: what they ask for, and what the history keeps. */
class ClockSkewAndLinkDupTest {
    private final NemesisTest.FakeTarget target = new NemesisTest.FakeTarget();
    private final HistoryRecorder history = new HistoryRecorder(null, 0, target.clock::nanoTime);
    private final List<String> log = new ArrayList<>();
    private final Nemesis nemesis = new Nemesis(target, history, log::add);

    @Test
    void aClockSkewSetsOneNodesRateAndSetsItBackAndTheRateIsInTheHistory() {
        nemesis.begin(new ClockSkewFault(Target.LEADER, 2.5));
        nemesis.end();
        assertEquals(List.of("clock rate 3 2.5", "clock rate 3 1.0"), target.actions);
        Op start = history.ops().get(0);
        assertEquals("start-clock-skew", start.f());
        assertEquals(2.5, start.extra().get("clock-rate"));
        assertEquals(Map.of("n3", "clock-skewed"), start.extra().get("nodes"));
        assertEquals("clock of n3 (leader) at 2.50x (fast)", start.value());
        assertEquals(Map.of(3, Effect.CLOCK_SKEWED), nemesis.injected().get(0).effects(), "the leader was reached");
        assertTrue(log.get(0).contains("clock of n3 (leader) at 2.50x (fast)"), log.toString());
    }

    /** A node that answers nothing when its clock is set back: it runs, or it went down. */
    static final class Refusing extends NemesisTest.FakeTarget {
        boolean up = true;

        @Override
        public void clockRate(int node, double rate) {
            if (rate == 1) throw new IllegalStateException("UNAVAILABLE");
            super.clockRate(node, rate);
        }

        @Override
        public boolean running(int node) {
            return up;
        }
    }

    @Test
    void aNodeThatWentDownKeepsNoSkewAndOneThatRunsButRefusesIsAnError() {
        Refusing refusing = new Refusing();
        ClockSkewFault f = new ClockSkewFault(new Target(2), 0.4);
        Struck s = f.start(refusing, 3, log::add);
        assertEquals("clock of n2 at 0.40x (slow)", s.description());
        assertThrows(IllegalStateException.class, () -> f.stop(refusing, s, log::add), "it runs: its clock may still be skewed");
        refusing.up = false;
        f.stop(refusing, s, log::add);
        assertTrue(log.get(log.size() - 1).contains("n2 is down; a restarted process runs at 1x"), log.toString());
    }

    @Test
    void theSkewIsDrawnLogUniformlyBetweenAQuarterAndFourAsOftenSlowAsFast() {
        SplittableRandom rnd = new SplittableRandom(3);
        int slow = 0;
        int fast = 0;
        for (int i = 0; i < 400; i++) {
            ClockSkewFault f = (ClockSkewFault) ClockSkewFault.PACKAGE.draw(rnd, List.of(1, 2, 3));
            assertTrue(f.rate() >= 0.25 && f.rate() <= 4, f.describe());
            if (f.rate() < 1) slow++;
            if (f.rate() > 1) fast++;
        }
        assertTrue(slow > 150 && fast > 150, slow + " slow, " + fast + " fast");
        SplittableRandom again = new SplittableRandom(3);
        assertEquals(ClockSkewFault.PACKAGE.draw(new SplittableRandom(3), List.of(1, 2, 3)),
                ClockSkewFault.PACKAGE.draw(again, List.of(1, 2, 3)), "seeded");
    }

    @Test
    void linkDupSetsEveryLinkAndTheProbabilityAndWhatItDidAreInTheHistory() {
        nemesis.begin(new LinkDupFault(0.25, 99));
        nemesis.end();
        assertEquals(List.of("duplicate links 0.25", "duplicate links 0.0"), target.actions);
        Op start = history.ops().get(0);
        assertEquals("start-link-dup", start.f());
        assertEquals(0.25, start.extra().get("probability"));
        assertEquals(99L, start.extra().get("seed"));
        assertEquals(Map.of(), start.extra().get("nodes"), "every link alike: no lane");
        Op stop = history.ops().get(1);
        assertEquals(0.25, stop.extra().get("probability"), "the stop op keeps what was applied");
        assertEquals("7 of 20 frames twice", stop.extra().get("duplicated"));
        assertTrue(String.join("\n", log).contains("duplicate peer messages with probability 0.25, seed 99"), log.toString());
        assertTrue(String.join("\n", log).contains("link-dup ended: 7 of 20 frames twice"), log.toString());
    }

    @Test
    void linkDupDrawsOneOfItsProbabilitiesFromTheSeed() {
        SplittableRandom rnd = new SplittableRandom(5);
        java.util.Set<Double> seen = new java.util.TreeSet<>();
        for (int i = 0; i < 30; i++) seen.add(((LinkDupFault) LinkDupFault.PACKAGE.draw(rnd, List.of(1, 2, 3))).probability());
        assertEquals(java.util.Set.of(0.1, 0.25, 0.5), seen);
    }
}
