package io.faultline.harness.nemesis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.faultline.checker.history.Op;
import io.faultline.harness.history.HistoryRecorder;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class NemesisTest {
    /** Records what the nemesis asked for. */
    static class FakeTarget implements FaultTarget {
        final List<String> actions = new ArrayList<>();
        int leader = 3;
        /** How many more times leader() answers "none" (a cluster still electing). */
        int leaderlessAnswers;
        final VirtualClock clock = new VirtualClock();

        @Override
        public RunClock clock() {
            return clock;
        }

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

        public String powerOff(int node, java.util.OptionalLong suffixSeed) {
            actions.add("power-off " + node + (suffixSeed.isPresent() ? " suffix " + suffixSeed.getAsLong() : " all"));
            return "ok dropped 100 unsynced bytes in 1 files (kept 0)\nfile /x unsynced=100 kept=0 lost=100\n";
        }

        /** Every node has the same data files (an empty one among them). */
        public List<DataFile> dataFiles(int node) {
            return List.of(new DataFile("/data/000001.log", 1000), new DataFile("/data/000002.log", 0));
        }

        public String damage(int node, Damage damage) {
            actions.add("damage " + node + " " + damage.describe());
            return damage.describe();
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

        public List<Integer> removeMember(int node) {
            actions.add("remove member " + node);
            List<Integer> rest = new ArrayList<>(nodes());
            rest.remove(Integer.valueOf(node));
            return rest;
        }

        public List<Integer> addFreshMember(int node) {
            actions.add("add fresh member " + node);
            return nodes();
        }

        public void delayLinks(int delayMillis, int jitterMillis, long seed) {
            actions.add("delay links " + delayMillis + "+" + jitterMillis);
        }

        public String duplicateLinks(double probability, long seed) {
            actions.add("duplicate links " + probability);
            return probability == 0 ? "7 of 20 frames twice" : "was off";
        }

        public void clockRate(int node, double rate) {
            actions.add("clock rate " + node + " " + rate);
        }
    }

    private final FakeTarget target = new FakeTarget();
    private final HistoryRecorder history = new HistoryRecorder(null, 0, target.clock::nanoTime);
    private final List<String> log = new ArrayList<>();
    private final Nemesis nemesis = new Nemesis(target, history, log::add);

    @Test
    void eachFaultStartsAndStopsAsNemesisOps() {
        target.clock.sleepTo(1_000_000_000L);
        nemesis.begin(new KillFault(Target.LEADER));
        assertEquals(Optional.of("kill n3 (leader)"), nemesis.activeFault());
        target.clock.sleepTo(2_000_000_000L);
        nemesis.end();
        nemesis.begin(new PartitionFault(PartitionShape.ISOLATE_LEADER, List.of(1, 2, 3, 4, 5)));
        target.clock.sleepTo(3_000_000_000L);
        nemesis.end();
        assertEquals(List.of("kill 3", "restart 3", "partition [n1 n2 n4 n5] | [n3]", "heal"), target.actions);
        List<Op> ops = history.ops();
        assertEquals(List.of("start-kill", "stop-kill", "start-partition", "stop-partition"),
                ops.stream().map(Op::f).toList());
        assertTrue(ops.stream().allMatch(op -> op.process() == Op.NEMESIS && op.type() == Op.Type.INFO));
        assertEquals(List.of("n1-n3", "n2-n3", "n3-n4", "n3-n5"), ops.get(2).extra().get("cut"));
        assertEquals(4, log.size());
        assertEquals(2, nemesis.injected().size());
        assertEquals(List.of(List.of(1_000_000_000L, 2_000_000_000L), List.of(2_000_000_000L, 3_000_000_000L)),
                nemesis.injected().stream().map(i -> List.of(i.startNanos(), i.endNanos())).toList());
        assertEquals(Map.of(3, Effect.DOWN), nemesis.injected().get(0).effects());
        assertEquals(Map.of(3, Effect.CUT_OFF), nemesis.injected().get(1).effects(), "the isolated leader, as data");
    }

    @Test
    void aCleanSplitStrikesItsMinorityOnlyAndARingEveryNodeThatLostALink() throws Exception {
        Struck halves = new PartitionFault(PartitionShape.HALVES, List.of(1, 2, 3, 4, 5)).start(target, 3, log::add);
        assertEquals(Map.of(1, Effect.CUT_OFF, 2, Effect.CUT_OFF), halves.effects(), "the leader n3 kept its majority");
        Struck ring = new PartitionFault(PartitionShape.MAJORITIES_RING, List.of(1, 2, 3, 4, 5)).start(target, 3, log::add);
        assertEquals(Map.of(1, Effect.LINKS_CUT, 2, Effect.LINKS_CUT, 3, Effect.LINKS_CUT, 4, Effect.LINKS_CUT,
                5, Effect.LINKS_CUT), ring.effects());
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

    // The schedule tests run in the fake's virtual time: exact, and as fast on a loaded machine as on an idle one.

    @Test
    void theScheduleRunsInOrderAndStopsWhenAsked() {
        FaultSchedule s = new FaultSchedule(List.of(
                new FaultSchedule.Planned(0, 20, new LossFault(0.2)),
                new FaultSchedule.Planned(40, 20, new PauseFault(new Target(4))),
                new FaultSchedule.Planned(60_000, 20, new KillFault(new Target(1)))));
        target.clock.at(1_000_000_000L, nemesis::stop);
        nemesis.run(s, 0);
        assertEquals(List.of("loss 0.2", "heal", "pause 4", "resume 4"), target.actions, "stopped before the kill");
        assertEquals(List.of(0L, 20_000_000L, 40_000_000L, 60_000_000L), times());
        assertEquals(1_000_000_000L, target.clock.nanoTime(), "run returned when asked to stop");
    }

    @Test
    void aFaultWaitsForALeaderAndAFaultThatStartsLateKeepsItsDuration() {
        target.leaderlessAnswers = 3; // three polls 0.2 s apart
        FaultSchedule s = new FaultSchedule(List.of(new FaultSchedule.Planned(0, 2000, new LossFault(0.2))));
        nemesis.run(s, 0);
        assertEquals(List.of("loss 0.2", "heal"), target.actions);
        assertTrue(log.get(0).contains("no leader: the next fault waits"), log.toString());
        // It began 0.6 s late; its planned end (2 s) would have cut it to 1.4 s: it lasts its 2 s.
        assertEquals(List.of(600_000_000L, 2_600_000_000L), times());
    }

    @Test
    void withoutALeaderTheFaultStartsAnywayAfterTwiceItsDuration() {
        target.leaderlessAnswers = Integer.MAX_VALUE;
        FaultSchedule s = new FaultSchedule(List.of(new FaultSchedule.Planned(0, 100, new LossFault(0.2))));
        nemesis.run(s, 0);
        assertEquals(List.of("loss 0.2", "heal"), target.actions);
        assertTrue(log.get(1).contains("still no leader"), log.toString());
        assertEquals(200_000_000L, times().get(0), "after twice its 0.1 s");
    }

    @Test
    void finishLetsTheFaultInEffectEndAtItsTimeAndStartsNoOther() {
        FaultSchedule s = new FaultSchedule(List.of(
                new FaultSchedule.Planned(0, 800, new PauseFault(new Target(4))),
                new FaultSchedule.Planned(1_000, 20, new KillFault(new Target(1)))));
        target.clock.at(100_000_000L, nemesis::finish);
        nemesis.run(s, 0);
        assertEquals(List.of("pause 4", "resume 4"), target.actions, "the kill planned next never starts");
        assertEquals(List.of(0L, 800_000_000L), times(), "the pause lasted its planned 0.8 s");
        assertEquals(800_000_000L, target.clock.nanoTime(), "run returned once the pause had ended");
        assertEquals(Optional.empty(), nemesis.activeFault());
    }

    @Test
    void finishAlsoEndsTheWaitForTheClusterToTakeTheNextFault() {
        target.leaderlessAnswers = Integer.MAX_VALUE;
        FaultSchedule s = new FaultSchedule(List.of(new FaultSchedule.Planned(0, 60_000, new LossFault(0.2))));
        target.clock.at(1_000_000_000L, nemesis::finish);
        nemesis.run(s, 0);
        assertEquals(List.of(), target.actions, "a fault still waiting for a leader is not started after finish()");
        assertEquals(1_000_000_000L, target.clock.nanoTime());
    }

    @Test
    void aFaultThatEndedLateIsStillFollowedByThePlannedCalm() {
        target.leaderlessAnswers = 3; // the first fault starts 0.6 s late, and so ends late
        FaultSchedule s = new FaultSchedule(List.of(
                new FaultSchedule.Planned(0, 300, new PauseFault(new Target(4))),
                new FaultSchedule.Planned(600, 100, new LossFault(0.2))));
        nemesis.run(s, 0);
        assertEquals(List.of("pause 4", "resume 4", "loss 0.2", "heal"), target.actions);
        // Planned: 0.3 s of calm between the pause's end (0.3 s) and the loss (0.6 s). The pause ran
        // 0.6-0.9 s, past the loss's planned start; the loss still waits the 0.3 s.
        assertEquals(List.of(600_000_000L, 900_000_000L, 1_200_000_000L, 1_300_000_000L), times());
    }

    /** When each nemesis op was recorded, in virtual nanoseconds. */
    private List<Long> times() {
        return history.ops().stream().map(Op::time).toList();
    }
}
