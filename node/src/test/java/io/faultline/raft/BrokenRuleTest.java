package io.faultline.raft;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.ByteString;
import io.faultline.raft.pb.Message;
import io.faultline.raft.pb.MessageType;
import java.util.ArrayDeque;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;

/**
 * Proves the invariant checks can fail: a node with a Raft rule broken on purpose
 * (test-only switches on {@link Raft}) must be caught.
 */
class BrokenRuleTest {

    /** Five SimNodes whose network delivers only what the script allows. */
    private static final class ScriptedCluster {
        final Map<Long, SimNode> nodes = new TreeMap<>();
        final InvariantChecker checker = new InvariantChecker();

        final boolean breakCommitRule;

        ScriptedCluster(boolean breakCommitRule) {
            this.breakCommitRule = breakCommitRule;
            List<Long> ids = List.of(1L, 2L, 3L, 4L, 5L);
            for (long id : ids) {
                nodes.put(id, new SimNode(id, MemoryStorage.withVoters(ids)));
                restart(id);
            }
        }

        RawNode raw(long id) {
            return nodes.get(id).rawNode;
        }

        void crash(long id) {
            nodes.get(id).rawNode = null;
        }

        void restart(long id) {
            SimNode n = nodes.get(id);
            n.rawNode = new RawNode(RaftConfig.defaults(id, n.storage)
                    .withPreVote(false).withCheckQuorum(false).withMaxSizePerMsg(1).withApplied(n.appliedIndex)
                    .withBrokenRules(breakCommitRule ? java.util.Set.of(BrokenRule.COMMIT_EARLIER_TERM_BY_COUNT)
                            : java.util.Set.of()));
        }

        /** Runs to quiescence, delivering only messages {@code allow} accepts, checking invariants each round. */
        void run(Predicate<Message> allow) {
            ArrayDeque<Message> q = new ArrayDeque<>();
            for (int round = 0; round < 1000; round++) {
                for (SimNode n : nodes.values()) {
                    if (n.up() && n.rawNode.hasReady()) {
                        q.addAll(n.handleReady(checker));
                    }
                }
                checker.check(nodes.values());
                if (q.isEmpty()) {
                    return;
                }
                while (!q.isEmpty()) {
                    Message m = q.poll();
                    SimNode to = nodes.get(m.getTo());
                    if (allow.test(m) && to.up()) {
                        to.rawNode.step(m);
                    }
                }
            }
            throw new AssertionError("did not quiesce");
        }
    }

    private static boolean between(Message m, List<Long> group) {
        return group.contains(m.getFrom()) && group.contains(m.getTo());
    }

    private static boolean isVote(Message m) {
        return m.getMsgType() == MessageType.MSG_REQUEST_VOTE || m.getMsgType() == MessageType.MSG_REQUEST_VOTE_RESPONSE;
    }

    /**
     * Figure 8 of the Raft paper. E (term 1, index 2) reaches S1 and S2; S5 leads term 2
     * with its own index 2; S1 leads a later term and replicates E to S3 but its no-op
     * only to S2. Counting replicas, E is "committed" on S1, S2, S3, yet S5 (last term
     * 2) can still win with S3's and S4's votes and overwrite it.
     */
    private static void figure8(ScriptedCluster c) {
        c.raw(1).campaign();
        c.run(m -> true);
        assertEquals(StateType.LEADER, c.raw(1).state());

        c.raw(1).propose(ByteString.copyFromUtf8("E"));
        c.run(m -> between(m, List.of(1L, 2L)));
        assertEquals(2, c.raw(2).lastIndex());

        c.crash(1);
        c.raw(5).campaign();
        c.run(m -> isVote(m) && between(m, List.of(3L, 4L, 5L)));
        assertEquals(StateType.LEADER, c.raw(5).state());
        assertEquals(2, c.raw(5).term());
        c.crash(5); // with its term-2 entry at index 2 unreplicated
        c.restart(1);
        while (c.raw(1).state() != StateType.LEADER) {
            c.raw(1).campaign();
            c.run(m -> isVote(m) && between(m, List.of(1L, 2L, 3L, 4L)));
        }
        // S1 reaches S3 with E alone: once S3 holds E, every append carrying S1's no-op
        // (index 3) is lost. (The first one gets through and is rejected: S3 lacks index 2.)
        // A heartbeat round wakes S1's paused probe to S3.
        c.raw(1).tick();
        // S2 may have it all: S5 can still win with S3, S4 and itself.
        c.run(m -> between(m, List.of(1L, 2L)) || between(m, List.of(1L, 3L))
                && (c.raw(3).lastIndex() < 2 || m.getEntriesList().stream().allMatch(e -> e.getIndex() <= 2)));
        assertEquals(2, c.raw(3).lastIndex());

        c.crash(1);
        c.restart(5);
        while (c.raw(5).state() != StateType.LEADER) {
            c.raw(5).campaign();
            c.run(m -> between(m, List.of(2L, 3L, 4L, 5L)));
        }
    }

    @Test
    void committingAPreviousTermEntryByCountingReplicasIsCaught() {
        ScriptedCluster broken = new ScriptedCluster(true);
        InvariantViolation v = assertThrows(InvariantViolation.class, () -> figure8(broken));
        assertTrue(v.getMessage().contains("leader completeness"), v.getMessage());
        assertTrue(v.getMessage().contains("index 2, term 1, data 'E'"), v.getMessage());
    }

    @Test
    void theSameScheduleIsSafeWithTheRuleIntact() {
        ScriptedCluster correct = new ScriptedCluster(false);
        figure8(correct);
        assertEquals(StateType.LEADER, correct.raw(5).state(), "S5 legitimately overwrote the uncommitted E");
        assertEquals(0, correct.nodes.get(2L).stateMachine.stream()
                .filter(e -> e.getData().toStringUtf8().equals("E")).count(), "E was never applied");
    }

    @Test
    void theRandomSimulatorFindsAVoteGrantedToAnOutOfDateLog() {
        assertCaught(SimOptions.standard(3).with(k -> k.breakVoteRule = true), "leader completeness");
    }

    @Test
    void theRandomSimulatorFindsAStaleReadFromALeaderThatSkipsTheHeartbeatRound() {
        assertCaught(SimOptions.standard(3).with(k -> k.breakReadRule = true), "stale read");
    }

    private static void assertCaught(SimOptions broken, String what) {
        InvariantViolation found = null;
        long seed = 0;
        for (; seed < 200 && found == null; seed++) {
            try {
                new ClusterSimulator(seed, broken).run();
            } catch (InvariantViolation v) {
                found = v;
            }
        }
        assertNotNull(found, "no seed exposed the broken rule");
        System.out.println("broken rule caught at " + found.getMessage());
        assertTrue(found.getMessage().contains(what), found.getMessage());
        assertTrue(found.getMessage().startsWith("seed " + (seed - 1) + " "), "names its seed: " + found.getMessage());
        // and the named seed replays to the same violation
        long failing = seed - 1;
        InvariantViolation again = assertThrows(InvariantViolation.class,
                () -> new ClusterSimulator(failing, broken).run());
        assertEquals(found.getMessage(), again.getMessage());
    }
}
