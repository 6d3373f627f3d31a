package io.faultline.harness.nemesis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.faultline.harness.system.NodeStatus;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class VoteCrashTest {
    /**
     * A 3-node cluster led by n1 in term 4 that plays its part: killing n1 makes n2
     * grant n3 its vote in term 5 and halt; n3 then leads term 5 and appends an entry each
     * time it is asked, until it is cut off; once n1 and n2 are back, n1 leads
     * {@code secondTerm}.
     */
    static final class ScriptedCluster extends ScriptedTarget {
        final long secondTerm;
        /** Whether n3 wins its term 5 (else it stays a candidate there). */
        boolean candidateWins = true;
        long candidateLast = 12;
        /** n3's last index when the partition cut it off. */
        long candidateLastWhenCut = -1;

        @Override
        void afterPartition() {
            if (candidateLastWhenCut < 0) candidateLastWhenCut = candidateLast;
        }

        ScriptedCluster(long secondTerm) {
            this.secondTerm = secondTerm;
        }

        @Override
        void afterKill(int node) {
            if (node == 1) down.add(2);
        }

        @Override
        NodeStatus statusOf(int n) {
            boolean restarted = actions.contains("restart 2");
            if (n == 3 && actions.contains("kill 1")) {
                if (candidateLastWhenCut < 0) candidateLast++;
                return status(3, 5, candidateWins ? "leader" : "candidate", candidateLast);
            }
            if (n == 3) return status(3, 4, "follower", 10);
            if (n == 1 && restarted) return status(1, secondTerm, "leader", 11);
            return status(n, 4, n == 1 ? "leader" : "follower", 10);
        }
    }

    private final List<String> log = new ArrayList<>();

    @Test
    void crashesTheGranterCutsOffItsCandidateAndHandsLeadershipBack() throws Exception {
        ScriptedCluster cluster = new ScriptedCluster(6);
        Struck outcome = new VoteCrash().start(cluster, 1, log::add);
        assertEquals(List.of("arm 2 after-vote-grant", "arm 3 after-vote-grant", "kill 1", "arm 3 none",
                "partition [n1 n2] | [n3]", "restart 1", "restart 2", "heal", "transfer 1 to 3"), cluster.actions);
        assertEquals(2, outcome.extra().get("granter"));
        assertEquals(3, outcome.extra().get("candidate"));
        assertEquals(5L, outcome.extra().get("term"));
        assertEquals(false, outcome.extra().get("two-leaders-in-term"));
        assertTrue(outcome.description().contains("n1 was elected in term 6 (the vote was kept)"), outcome.description());
    }

    @Test
    void aSecondLeaderOfTheSameTermIsCalledOut() throws Exception {
        Struck outcome = new VoteCrash().start(new ScriptedCluster(5), 1, log::add);
        assertEquals(true, outcome.extra().get("two-leaders-in-term"));
        assertTrue(outcome.description().contains("TWO LEADERS IN ONE TERM"), outcome.description());
    }

    @Test
    void aCandidateThatNeverLedItsTermShowsNoDoubleVote() throws Exception {
        ScriptedCluster cluster = new ScriptedCluster(5);
        cluster.candidateWins = false;
        Struck outcome = new VoteCrash().start(cluster, 1, log::add);
        assertEquals(false, outcome.extra().get("candidate-led"));
        assertEquals(false, outcome.extra().get("two-leaders-in-term"), "n1 leading term 5 is then no second leader");
        assertTrue(outcome.description().contains("n1 was elected in term 5 (the term n3 campaigned in, though it was not seen"
                + " leading it: the vote was forgotten if the grant was of that term"), outcome.description());
    }

    @Test
    void anElectionInAnEarlierTermMeansTheTermWasForgotten() throws Exception {
        Struck outcome = new VoteCrash().start(new ScriptedCluster(4), 1, log::add);
        assertEquals(false, outcome.extra().get("two-leaders-in-term"));
        assertTrue(outcome.description().contains("the term was forgotten"), outcome.description());
    }

    @Test
    void theNemesisRecordsTheFindingsWithTheStopOp() {
        ScriptedCluster cluster = new ScriptedCluster(5);
        io.faultline.harness.history.HistoryRecorder history =
                new io.faultline.harness.history.HistoryRecorder(null, System.nanoTime());
        Nemesis nemesis = new Nemesis(cluster, history, log::add);
        nemesis.begin(new VoteCrash());
        nemesis.end();
        var ops = history.ops();
        assertEquals(List.of("start-vote-crash", "stop-vote-crash"), ops.stream().map(op -> op.f()).toList());
        assertEquals(true, ops.get(1).extra().get("two-leaders-in-term"));
        assertTrue(cluster.actions.containsAll(List.of("arm 1 none", "arm 2 none", "arm 3 none")),
                "the end disarms every node: " + cluster.actions);
    }

    @Test
    void theCandidateIsCutOffOnlyAfterItHasAppendedWritesOfItsTerm() throws Exception {
        ScriptedCluster cluster = new ScriptedCluster(5);
        Struck outcome = new VoteCrash().start(cluster, 1, log::add);
        // n3 was seen at index 13 as the candidate; it then led term 5 alone until it held
        // CANDIDATE_ENTRIES more, so a second leader of term 5 has that many entries to lose.
        assertTrue(cluster.candidateLastWhenCut >= 13 + VoteCrash.CANDIDATE_ENTRIES,
                "cut off at " + cluster.candidateLastWhenCut);
        assertEquals(cluster.candidateLastWhenCut, outcome.extra().get("candidate-last-index"));
    }
}
