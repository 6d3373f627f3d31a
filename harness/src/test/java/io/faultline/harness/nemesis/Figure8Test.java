package io.faultline.harness.nemesis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.faultline.harness.system.NodeStatus;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class Figure8Test {
    /**
     * n1 leads term 2 with the others holding index 100. Cutting n1 off makes n3 grant
     * n2 its vote in term 3 and halt; restarting n3 makes n1 halt at its armed commit;
     * then {@code lastLeader} is elected in term 5.
     */
    static final class ScriptedCluster extends ScriptedTarget {
        final int lastLeader;

        ScriptedCluster(int lastLeader) {
            this.lastLeader = lastLeader;
        }

        @Override
        void afterPartition() {
            if (actions.stream().filter(a -> a.startsWith("partition")).count() == 1) down.add(3);
        }

        @Override
        void afterRestart(int node) {
            if (node == 3) down.add(1);
        }

        @Override
        NodeStatus statusOf(int n) {
            boolean electedAgain = actions.contains("restart 3");
            if (electedAgain && n == lastLeader) return status(n, 5, "leader", 100);
            return status(n, n == 2 ? 3 : 2, n == 1 && !electedAgain ? "leader" : "follower", 100);
        }
    }

    private final List<String> log = new ArrayList<>();

    @Test
    void playsTheScheduleAndSaysWhenTheNewerLeaderOverwrites() throws Exception {
        ScriptedCluster cluster = new ScriptedCluster(2);
        Struck outcome = new Figure8().start(cluster, 1, log::add);
        assertEquals(List.of("arm 2 after-vote-grant", "arm 3 after-vote-grant", "partition [n1] | [n2 n3]",
                "arm 2 none", "partition [n1 n3] | [n2]", "arm 1 after-commit 101", "restart 3",
                "partition [n1] | [n2 n3]"), cluster.actions);
        assertEquals(100L, outcome.extra().get("shared-through"));
        assertEquals(3, outcome.extra().get("granter"));
        assertEquals(2, outcome.extra().get("middle-leader"));
        assertEquals(true, outcome.extra().get("overwritten"));
        assertTrue(outcome.description().contains("OVERWRITES WHAT n1 COMMITTED"), outcome.description());
    }

    @Test
    void theGranterWinningMeansNothingCommittedWasLost() throws Exception {
        Struck outcome = new Figure8().start(new ScriptedCluster(3), 1, log::add);
        assertEquals(false, outcome.extra().get("overwritten"));
        assertTrue(outcome.description().contains("nothing committed is lost"), outcome.description());
    }
}
