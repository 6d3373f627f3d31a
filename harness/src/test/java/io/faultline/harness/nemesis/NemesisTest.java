package io.faultline.harness.nemesis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.faultline.checker.history.Op;
import io.faultline.harness.history.HistoryRecorder;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class NemesisTest {
    /** Records what the nemesis asked for. */
    static class FakeTarget implements FaultTarget {
        final List<String> actions = new ArrayList<>();
        int leader = 3;
        /** How many more times leader() answers "none" (a cluster still electing). */
        int leaderlessAnswers;

        public List<Integer> nodes() {
            return List.of(1, 2, 3, 4, 5);
        }

        public synchronized Optional<Integer> leader() {
            if (leaderlessAnswers > 0) {
                leaderlessAnswers--;
                return Optional.empty();
            }
            return Optional.of(leader);
        }

        public void kill(int node) {
            actions.add("kill " + node);
        }

        public void restart(int node) {
            actions.add("restart " + node);
        }

        public void pause(int node) {
            actions.add("pause " + node);
        }

        public void resume(int node) {
            actions.add("resume " + node);
        }

        public void partition(Connectivity graph) {
            actions.add("partition " + graph.describe());
        }

        public void loss(double p) {
            actions.add("loss " + p);
        }

        public void healNetwork() {
            actions.add("heal");
        }

        public List<io.faultline.harness.system.NodeStatus> statuses() {
            return List.of();
        }

        public boolean running(int node) {
            return true;
        }

        public void armCrashPoint(int node, String point, long commitIndex) {
            actions.add("arm " + node + " " + point);
        }

        public void transferLeader(int leader, int to) {
            actions.add("transfer " + leader + " to " + to);
        }
    }

    private final FakeTarget target = new FakeTarget();
    private final HistoryRecorder history = new HistoryRecorder(null, System.nanoTime());
    private final List<String> log = new ArrayList<>();
    private final Nemesis nemesis = new Nemesis(target, history, log::add);

    @Test
    void eachFaultStartsAndStopsAsNemesisOps() {
        nemesis.begin(new KillFault(Target.LEADER));
        assertEquals(Optional.of("kill n3 (leader)"), nemesis.activeFault());
        nemesis.end();
        nemesis.begin(new PartitionFault(PartitionShape.ISOLATE_LEADER, List.of(1, 2, 3, 4, 5)));
        nemesis.end();
        assertEquals(List.of("kill 3", "restart 3", "partition [n1 n2 n4 n5] | [n3]", "heal"), target.actions);
        List<Op> ops = history.ops();
        assertEquals(List.of("start-kill", "stop-kill", "start-partition", "stop-partition"),
                ops.stream().map(Op::f).toList());
        assertTrue(ops.stream().allMatch(op -> op.process() == Op.NEMESIS && op.type() == Op.Type.INFO));
        assertEquals(List.of("n1-n3", "n2-n3", "n3-n4", "n3-n5"), ops.get(2).extra().get("cut"));
        assertEquals(4, log.size());
        assertEquals(2, nemesis.injected().size());
        assertTrue(nemesis.injected().stream().allMatch(i -> i.endNanos() >= i.startNanos() && i.endNanos() > 0));
    }

    @Test
    void eachStartAndStopIsAnnouncedAsItHappensWithItsRunSecond() {
        List<String> events = new ArrayList<>();
        Nemesis n = new Nemesis(target, history, log::add,
                (at, event) -> events.add(String.format(java.util.Locale.ROOT, "%.0f %s", at, event)));
        n.begin(new KillFault(Target.LEADER));
        assertEquals(List.of("0 started: kill n3 (leader)"), events, "before any progress tick");
        n.end();
        assertEquals("0 stopped: kill n3 (leader)", events.get(1));
    }

    @Test
    void healAllUndoesWhatIsStillInEffect() {
        nemesis.begin(new PauseFault(new Target(2)));
        nemesis.healAll();
        assertEquals(List.of("pause 2", "resume 2", "heal"), target.actions);
        assertEquals(Optional.empty(), nemesis.activeFault());
        assertEquals("stop-pause", history.ops().get(1).f());
    }

    @Test
    void aFailedActionIsRecordedWithItsErrorAndTheRunGoesOn() {
        FakeTarget broken = new FakeTarget() {
            @Override
            public void kill(int node) {
                throw new IllegalStateException("exec failed");
            }
        };
        Nemesis n = new Nemesis(broken, history, log::add);
        n.begin(new KillFault(new Target(1)));
        assertEquals("exec failed", history.ops().get(0).error());
        assertTrue(log.get(0).contains("FAILED"));
    }

    @Test
    void theScheduleRunsInOrderAndStopsWhenAsked() throws Exception {
        FaultSchedule s = new FaultSchedule(List.of(
                new FaultSchedule.Planned(0, 20, new LossFault(0.2)),
                new FaultSchedule.Planned(40, 20, new PauseFault(new Target(4))),
                new FaultSchedule.Planned(60_000, 20, new KillFault(new Target(1)))));
        Thread t = new Thread(() -> nemesis.run(s, System.nanoTime()));
        t.start();
        long deadline = System.currentTimeMillis() + 5000;
        while (target.actions.size() < 4 && System.currentTimeMillis() < deadline) Thread.sleep(5);
        nemesis.stop();
        t.join(2000);
        assertTrue(!t.isAlive(), "stop() ends the run");
        assertEquals(List.of("loss 0.2", "heal", "pause 4", "resume 4"), target.actions);
    }

    @Test
    void aFaultWaitsForALeaderAndAFaultThatStartsLateKeepsItsDuration() throws Exception {
        target.leaderlessAnswers = 3; // about 0.4-0.6 s without a leader
        FaultSchedule s = new FaultSchedule(List.of(new FaultSchedule.Planned(0, 2000, new LossFault(0.2))));
        long start = System.nanoTime();
        nemesis.run(s, start);
        assertEquals(List.of("loss 0.2", "heal"), target.actions);
        assertTrue(log.get(0).contains("no leader: the next fault waits"), log.toString());
        List<Op> ops = history.ops();
        long began = ops.get(0).time();
        long lasted = ops.get(1).time() - began;
        assertTrue(began >= 350_000_000L, "it started once there was a leader: " + began);
        // Its planned end was 2 s after time 0; it began ~0.5 s late, so it would have lasted ~1.5 s.
        assertTrue(lasted >= 1_900_000_000L, "it lasted its planned 2 s although it started late: " + lasted);
    }

    @Test
    void withoutALeaderTheFaultStartsAnywayAfterTwiceItsDuration() throws Exception {
        target.leaderlessAnswers = Integer.MAX_VALUE;
        FaultSchedule s = new FaultSchedule(List.of(new FaultSchedule.Planned(0, 100, new LossFault(0.2))));
        nemesis.run(s, System.nanoTime());
        assertEquals(List.of("loss 0.2", "heal"), target.actions);
        assertTrue(log.get(1).contains("still no leader"), log.toString());
    }

    @Test
    void finishLetsTheFaultInEffectEndAtItsTimeAndStartsNoOther() throws Exception {
        FaultSchedule s = new FaultSchedule(List.of(
                new FaultSchedule.Planned(0, 800, new PauseFault(new Target(4))),
                // Far off, so a slow test thread cannot call finish() too late for it; without
                // finish() the run would wait for it and the join below would time out.
                new FaultSchedule.Planned(60_000, 20, new KillFault(new Target(1)))));
        long start = System.nanoTime();
        Thread t = new Thread(() -> nemesis.run(s, start));
        t.start();
        long deadline = System.currentTimeMillis() + 5000;
        while (target.actions.isEmpty() && System.currentTimeMillis() < deadline) Thread.sleep(5);
        nemesis.finish();
        t.join(5000);
        assertTrue(!t.isAlive(), "finish() ends the run once the fault in effect has ended");
        assertEquals(List.of("pause 4", "resume 4"), target.actions, "the kill planned next never starts");
        List<Op> ops = history.ops();
        assertEquals("stop-pause", ops.get(1).f());
        assertTrue(ops.get(1).time() >= 750_000_000L, "the pause lasted its planned 0.8 s: " + ops.get(1).time());
        assertEquals(Optional.empty(), nemesis.activeFault());
    }

    @Test
    void finishAlsoEndsTheWaitForTheClusterToTakeTheNextFault() throws Exception {
        target.leaderlessAnswers = Integer.MAX_VALUE;
        FaultSchedule s = new FaultSchedule(List.of(new FaultSchedule.Planned(0, 60_000, new LossFault(0.2))));
        Thread t = new Thread(() -> nemesis.run(s, System.nanoTime()));
        t.start();
        long deadline = System.currentTimeMillis() + 5000;
        while (log.isEmpty() && System.currentTimeMillis() < deadline) Thread.sleep(5);
        nemesis.finish();
        t.join(5000);
        assertTrue(!t.isAlive(), "a fault still waiting for a leader is not started after finish()");
        assertEquals(List.of(), target.actions);
    }

    @Test
    void aFaultThatEndedLateIsStillFollowedByThePlannedCalm() throws Exception {
        target.leaderlessAnswers = 3; // the first fault starts ~0.5 s late, and so ends late
        FaultSchedule s = new FaultSchedule(List.of(
                new FaultSchedule.Planned(0, 300, new PauseFault(new Target(4))),
                new FaultSchedule.Planned(600, 100, new LossFault(0.2))));
        nemesis.run(s, System.nanoTime());
        assertEquals(List.of("pause 4", "resume 4", "loss 0.2", "heal"), target.actions);
        List<Op> ops = history.ops();
        long calm = ops.get(2).time() - ops.get(1).time();
        // Planned: 0.3 s between the pause's end (0.3 s) and the loss (0.6 s). The pause began
        // once there was a leader (~0.6 s) and ended ~0.9 s, past the loss's planned start; the
        // loss still waits the 0.3 s.
        assertTrue(ops.get(1).time() >= 600_000_000L, "the first fault ended late: " + ops.get(1).time());
        assertTrue(calm >= 290_000_000L, "the calm after it was kept: " + calm);
    }
}
