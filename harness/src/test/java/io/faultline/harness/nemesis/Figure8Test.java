package io.faultline.harness.nemesis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.faultline.harness.cluster.NodeStatus;
import io.faultline.kv.api.StatusResponse;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

class Figure8Test {
    /**
     * n1 leads term 2 with the others holding index 100. Cutting n1 off makes n3 grant
     * n2 its vote in term 3 and halt; restarting n3 makes n1 halt at its armed commit;
     * then {@code lastLeader} is elected in term 5.
     */
    static final class ScriptedCluster implements FaultTarget {
        final List<String> actions = new ArrayList<>();
        final Set<Integer> down = new HashSet<>();
        final int lastLeader;
        boolean electedAgain;

        ScriptedCluster(int lastLeader) {
            this.lastLeader = lastLeader;
        }

        public List<Integer> nodes() {
            return List.of(1, 2, 3);
        }

        public Optional<Integer> leader() {
            return Optional.of(1);
        }

        public void kill(int node) {
            actions.add("kill " + node);
        }

        public void restart(int node) {
            actions.add("restart " + node);
            down.remove(node);
            if (node == 3) {
                down.add(1);
                electedAgain = true;
            }
        }

        public void pause(int node) {}

        public void resume(int node) {}

        public void partition(Connectivity graph) {
            actions.add("partition " + graph.describe());
            if (actions.stream().filter(a -> a.startsWith("partition")).count() == 1) down.add(3);
        }

        public void loss(double probability) {}

        public void healNetwork() {
            actions.add("heal");
        }

        public List<NodeStatus> statuses() {
            List<NodeStatus> out = new ArrayList<>();
            for (int n : nodes()) {
                if (down.contains(n)) {
                    out.add(new NodeStatus(n, null, "UNAVAILABLE"));
                } else if (electedAgain && n == lastLeader) {
                    out.add(status(n, 5, "leader"));
                } else {
                    out.add(status(n, n == 2 ? 3 : 2, n == 1 && !electedAgain ? "leader" : "follower"));
                }
            }
            return out;
        }

        private static NodeStatus status(int id, long term, String role) {
            return new NodeStatus(id, StatusResponse.newBuilder().setId(id).setTerm(term).setRole(role)
                    .setLastIndex(100).build(), null);
        }

        public boolean running(int node) {
            return !down.contains(node);
        }

        public void armCrashPoint(int node, String point, long commitIndex) {
            actions.add("arm " + node + " " + point + (commitIndex > 0 ? " " + commitIndex : ""));
        }

        public void transferLeader(int leader, int to) {
            actions.add("transfer " + leader + " to " + to);
        }
    }

    private final List<String> log = new ArrayList<>();

    @Test
    void playsTheScheduleAndSaysWhenTheNewerLeaderOverwrites() throws Exception {
        ScriptedCluster cluster = new ScriptedCluster(2);
        ScriptOutcome outcome = new Figure8(cluster, log::add).run(1);
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
        ScriptOutcome outcome = new Figure8(new ScriptedCluster(3), log::add).run(1);
        assertEquals(false, outcome.extra().get("overwritten"));
        assertTrue(outcome.description().contains("nothing committed is lost"), outcome.description());
    }
}
