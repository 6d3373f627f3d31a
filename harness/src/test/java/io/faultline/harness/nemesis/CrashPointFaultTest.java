package io.faultline.harness.nemesis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.faultline.checker.history.Op;
import io.faultline.harness.generator.Seeds;
import io.faultline.harness.history.HistoryRecorder;
import io.faultline.harness.nemesis.CrashPointFault.Provoke;
import io.faultline.harness.system.NodeStatus;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class CrashPointFaultTest {
    /** n1 leads; a node armed with after-vote-grant halts once the leader is gone (it granted a vote). */
    static final class Cluster extends ScriptedTarget {
        final Set<Integer> armedForVotes = new HashSet<>();

        @Override
        NodeStatus statusOf(int n) {
            return status(n, 5, n == 1 && !down.contains(1) ? "LEADER" : "FOLLOWER", 10);
        }

        @Override
        public void armCrashPoint(int node, String point, long commitIndex) {
            super.armCrashPoint(node, point, commitIndex);
            if (point.equals(VoteCrash.CRASH_POINT)) armedForVotes.add(node);
            else armedForVotes.remove(node);
        }

        @Override
        void afterKill(int node) {
            // The election after the leader's death: the first armed follower grants and halts.
            if (node == 1 && !armedForVotes.isEmpty()) down.add(armedForVotes.stream().sorted().findFirst().get());
        }
    }

    @Test
    void aVoteGrantPointIsArmedOnEveryFollowerAndWhatHaltedIsRestartedAtTheEnd() {
        Cluster c = new Cluster();
        HistoryRecorder history = new HistoryRecorder(null, System.nanoTime());
        Nemesis nemesis = new Nemesis(c, history, line -> { });
        nemesis.begin(new CrashPointFault(VoteCrash.CRASH_POINT, Provoke.KILL_LEADER, 10));
        assertEquals(List.of("arm 2 after-vote-grant", "arm 3 after-vote-grant", "kill 1"), c.actions);
        nemesis.end();
        assertEquals(List.of("arm 2 after-vote-grant", "arm 3 after-vote-grant", "kill 1", "arm 3 none", "heal",
                "restart 1", "restart 2"), c.actions);
        Op stop = history.ops().get(1);
        assertEquals("stop-crash-points", stop.f());
        assertEquals(List.of(1, 2), stop.extra().get("down"));
        assertTrue(String.valueOf(stop.value()).endsWith("restarted n1 n2"), String.valueOf(stop.value()));
    }

    @Test
    void anAfterCommitPointLandsOnTheLeaderMostlyAndBehindACutOffLeaderOnAFollower() {
        Cluster c = new Cluster();
        assertEquals("crash point after-commit armed on n1 (leader)",
                new CrashPointFault(CrashPointFault.AFTER_COMMIT, Provoke.NOTHING, 10).start(c, 1, line -> { }).description());
        assertEquals("crash point after-commit armed on n3",
                new CrashPointFault(CrashPointFault.AFTER_COMMIT, Provoke.NOTHING, 81).start(c, 1, line -> { }).description());
        assertEquals("crash point after-commit armed on n2; leader n1 cut off",
                new CrashPointFault(CrashPointFault.AFTER_COMMIT, Provoke.ISOLATE_LEADER, 10).start(c, 1, line -> { }).description());
        assertEquals("partition [n1] | [n2 n3]", c.actions.get(c.actions.size() - 1));
    }

    @Test
    void drawsAreSeededAndCoverBothPointsAndEveryProvocation() {
        Set<String> seen = new HashSet<>();
        List<CrashPointFault> a = new ArrayList<>();
        List<CrashPointFault> b = new ArrayList<>();
        SplittableRandom r1 = Seeds.stream(7, "nemesis", 0);
        SplittableRandom r2 = Seeds.stream(7, "nemesis", 0);
        for (int i = 0; i < 100; i++) {
            a.add(CrashPointFault.draw(r1));
            b.add(CrashPointFault.draw(r2));
            seen.add(a.get(i).point() + " " + a.get(i).provoke());
        }
        assertEquals(a, b);
        assertEquals(Set.of("after-vote-grant KILL_LEADER", "after-vote-grant ISOLATE_LEADER",
                "after-commit NOTHING", "after-commit ISOLATE_LEADER"), seen);
    }
}
