package io.faultline.raft;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.ByteString;
import io.faultline.raft.pb.ConfChangeSingle;
import io.faultline.raft.pb.ConfChangeTransition;
import io.faultline.raft.pb.ConfChangeType;
import io.faultline.raft.pb.ConfChangeV2;
import io.faultline.raft.pb.ConfState;
import io.faultline.raft.pb.Entry;
import io.faultline.raft.pb.EntryType;
import io.faultline.raft.pb.Message;
import io.faultline.raft.pb.MessageType;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Membership changes through a joint configuration (Raft thesis §4.3, etcd's ConfChangeV2). */
class JointConsensusTest {

    private static final List<Long> OLD = List.of(1L, 2L, 3L);

    private static ConfChangeSingle change(ConfChangeType t, long id) {
        return ConfChangeSingle.newBuilder().setChangeType(t).setNodeId(id).build();
    }

    /** Replaces voter {@code out} by {@code in}. */
    private static ConfChangeV2 replace(long out, long in, ConfChangeTransition t) {
        return ConfChangeV2.newBuilder().setTransition(t).addChanges(change(ConfChangeType.ADD_NODE, in))
                .addChanges(change(ConfChangeType.REMOVE_NODE, out)).build();
    }

    private static final ConfChangeV2 LEAVE = ConfChangeV2.getDefaultInstance();

    /** Three voters led by n1, and an empty n4 that starts from the same configuration. */
    private static TestCluster threeAndANewcomer() {
        TestCluster c = TestCluster.of(3, cfg -> cfg.withCheckQuorum(false));
        c.elect(1);
        c.propose(1, "before");
        c.addNode(4, OLD);
        return c;
    }

    /** {@link #threeAndANewcomer()} after n1 proposed replacing {@code out} by n4 and everything was delivered. */
    private static TestCluster replaced(long out, ConfChangeTransition t) {
        TestCluster c = threeAndANewcomer();
        c.raw(1).proposeConfChange(replace(out, 4, t));
        c.stabilize();
        return c;
    }

    private static boolean applied(TestCluster c, long id, String data) {
        return c.node(id).appliedData().contains(ByteString.copyFromUtf8(data));
    }

    /** Cuts {@code off} away, has n1 propose {@code data}, and tells whether n1's commit index moved. */
    private static boolean commitsWithout(TestCluster c, String data, long... off) {
        for (long id : off) {
            c.isolate(id);
        }
        long commit = c.raw(1).status().commit();
        c.propose(1, data);
        return c.raw(1).status().commit() > commit;
    }

    private static boolean isLeave(Message m) {
        for (Entry e : m.getEntriesList()) {
            if (e.getEntryType() == EntryType.ENTRY_CONF_CHANGE_V2 && Raft.toV2(e).getChangesCount() == 0) {
                return true;
            }
        }
        return false;
    }

    private static void assertLeft(TestCluster c, long id, List<Long> voters) {
        Status st = c.raw(id).status();
        assertEquals(voters, st.voters(), "n" + id + " voters");
        assertEquals(List.of(), st.votersOutgoing(), "n" + id + " left the joint configuration");
        assertEquals(voters, c.node(id).storage.confState().getVotersList(), "n" + id + " persisted it");
    }

    @Test
    void aReplacementEntersAndLeavesTheJointConfigurationByItself() {
        TestCluster c = replaced(3, ConfChangeTransition.CONF_CHANGE_TRANSITION_AUTO);
        c.tickAll(3);
        for (long id : List.of(1L, 2L, 4L)) {
            assertLeft(c, id, List.of(1L, 2L, 4L));
        }
        long joint = c.node(1).applied.stream().filter(e -> e.getEntryType() == EntryType.ENTRY_CONF_CHANGE_V2).count();
        assertEquals(2, joint, "an entry entering the joint configuration, then one leaving it");
        c.propose(1, "after");
        assertTrue(applied(c, 4, "after"));
        assertTrue(applied(c, 4, "before"), "n4 got the whole log");
    }

    @Test
    void inTheJointConfigurationACommitNeedsBothMajorities() {
        TestCluster c = replaced(3, ConfChangeTransition.CONF_CHANGE_TRANSITION_JOINT_EXPLICIT);
        Status st = c.raw(1).status();
        assertEquals(List.of(1L, 2L, 4L), st.voters());
        assertEquals(OLD, st.votersOutgoing());
        ConfState persisted = c.node(2).storage.confState();
        assertEquals(OLD, persisted.getVotersOutgoingList(), "the joint configuration is persisted");
        assertFalse(persisted.getAutoLeave());

        // {1, 4} is a majority of the new voters but not of the old ones.
        assertFalse(commitsWithout(c, "needs-both", 2, 3), "no majority of the outgoing voters");
        // {1, 3} is a majority of the old voters but not of the new ones.
        c.heal();
        c.isolate(2);
        c.isolate(4);
        c.propose(1, "needs-both-too");
        long second = c.raw(1).lastIndex();
        c.tickAll(1);
        assertTrue(c.raw(1).status().commit() < second, "no majority of the incoming voters");
        c.heal();
        c.tickAll(1);
        assertEquals(second, c.raw(1).status().commit(), "both majorities: committed");

        assertThrows(ProposalDroppedException.class,
                () -> c.raw(1).proposeConfChange(replace(2, 3, ConfChangeTransition.CONF_CHANGE_TRANSITION_AUTO)),
                "no other change while joint");
        c.raw(1).proposeConfChange(LEAVE);
        c.stabilize();
        c.tickAll(1);
        for (long id : List.of(1L, 2L, 4L)) {
            assertLeft(c, id, List.of(1L, 2L, 4L));
        }
        assertThrows(ProposalDroppedException.class, () -> c.raw(1).proposeConfChange(LEAVE), "nothing to leave");
    }

    @Test
    void aLeaderRemovedInTheJointConfigurationLeadsUntilItIsLeftThenStepsDown() {
        TestCluster c = replaced(1, ConfChangeTransition.CONF_CHANGE_TRANSITION_JOINT_EXPLICIT);
        assertEquals(StateType.LEADER, c.raw(1).state(), "still a voter of the outgoing half");
        c.propose(1, "while-joint");
        assertTrue(applied(c, 4, "while-joint"));
        c.raw(1).proposeConfChange(LEAVE);
        assertThrows(ProposalDroppedException.class, () -> c.raw(1).propose(ByteString.copyFromUtf8("late")),
                "nothing may follow the entry that removes the leader");
        c.stabilize();
        assertEquals(StateType.FOLLOWER, c.raw(1).state());
        assertEquals(List.of(2L, 3L, 4L), c.raw(1).status().voters());
        long lead = c.leader();
        assertTrue(List.of(2L, 3L, 4L).contains(lead), "handed over at once to a voter holding its log: " + lead);
        c.tickAll(40);
        lead = c.leader();
        assertTrue(List.of(2L, 3L, 4L).contains(lead), "a new voter leads: " + lead);
        c.propose(lead, "after");
        assertTrue(applied(c, 4, "after"));
        assertFalse(applied(c, 1, "after"), "n1 is out");
    }

    @Test
    void aLeaderRemovedWithAutoLeaveStepsDownOnceTheJointConfigurationIsLeft() {
        TestCluster c = replaced(1, ConfChangeTransition.CONF_CHANGE_TRANSITION_AUTO);
        assertEquals(StateType.FOLLOWER, c.raw(1).state());
        assertEquals(List.of(2L, 3L, 4L), c.raw(2).status().voters());
        assertEquals(List.of(), c.raw(2).status().votersOutgoing());
    }

    @Test
    void aLeaderThatCrashesBetweenTheTwoStepsIsSucceededByOneThatLeaves() {
        TestCluster c = threeAndANewcomer();
        c.dropIf(JointConsensusTest::isLeave);
        c.raw(1).proposeConfChange(replace(3, 4, ConfChangeTransition.CONF_CHANGE_TRANSITION_AUTO));
        c.stabilize();
        c.tickAll(1); // the joint entry's commit reaches the followers
        assertEquals(OLD, c.raw(2).status().votersOutgoing(), "n2 applied the joint configuration");
        // n1 crashes; its leave entry never left it, and dies unreplicated with it
        c.isolate(1);
        c.restart(2);
        c.restart(4);
        assertEquals(OLD, c.raw(2).status().votersOutgoing(), "a restart keeps the joint configuration");
        c.heal();
        c.isolate(1);
        c.elect(2);
        assertEquals(2, c.leader());
        c.tickAll(2);
        for (long id : List.of(2L, 4L)) {
            assertLeft(c, id, List.of(1L, 2L, 4L));
        }
        c.heal();
        c.restart(1);
        c.tickAll(5);
        assertLeft(c, 1, List.of(1L, 2L, 4L));
    }

    @Test
    void aCrashOfEveryNodeInTheJointConfigurationStillEndsInTheNewOne() {
        TestCluster c = replaced(2, ConfChangeTransition.CONF_CHANGE_TRANSITION_JOINT_EXPLICIT);
        c.tickAll(1);
        for (long id : List.of(1L, 2L, 3L, 4L)) {
            c.restart(id);
        }
        // n3 and n4 are a majority of {1, 3, 4} but not of {1, 2, 3}: n4 cannot win with them
        c.isolate(1);
        c.isolate(2);
        c.raw(4).campaign();
        c.stabilize();
        assertTrue(c.leader() == 0, "no leader without both majorities");
        c.heal();
        c.elect(3);
        assertEquals(3, c.leader());
        c.raw(3).proposeConfChange(LEAVE);
        c.stabilize();
        c.tickAll(1);
        for (long id : List.of(1L, 3L, 4L)) {
            assertLeft(c, id, List.of(1L, 3L, 4L));
        }
    }

    @Test
    void aLearnerGetsTheLogButNeitherVotesNorCounts() {
        TestCluster c = threeAndANewcomer();
        c.raw(1).proposeConfChange(ConfChangeV2.newBuilder().addChanges(change(ConfChangeType.ADD_LEARNER_NODE, 4)).build());
        c.stabilize();
        assertEquals(List.of(4L), c.raw(1).status().learners());
        assertEquals(OLD, c.raw(1).status().voters());
        c.propose(1, "to-learner");
        assertTrue(applied(c, 4, "to-learner"));
        assertFalse(commitsWithout(c, "learner-ack-only", 2, 3), "a learner's ack makes no majority");
        c.heal();
        c.raw(1).transferLeader(4);
        c.stabilize();
        c.propose(1, "no-transfer-to-a-learner");
        assertTrue(applied(c, 4, "no-transfer-to-a-learner"), "a transfer to a learner is ignored");
        c.heal();
        c.isolate(1);
        c.tick(4, 100);
        assertEquals(StateType.FOLLOWER, c.raw(4).state(), "a learner never campaigns");
        c.heal();
        c.tickAll(1);
        // promote it: one voter more is a single step
        c.raw(1).proposeConfChange(ConfChangeV2.newBuilder().addChanges(change(ConfChangeType.ADD_NODE, 4)).build());
        c.stabilize();
        assertEquals(List.of(1L, 2L, 3L, 4L), c.raw(1).status().voters());
        assertEquals(List.of(), c.raw(1).status().learners());
    }

    @Test
    void aDemotedOutgoingVoterBecomesALearnerWhenTheJointConfigurationIsLeft() {
        TestCluster c = threeAndANewcomer();
        c.raw(1).proposeConfChange(ConfChangeV2.newBuilder()
                .addChanges(change(ConfChangeType.ADD_NODE, 4))
                .addChanges(change(ConfChangeType.ADD_LEARNER_NODE, 3)).build());
        c.stabilize();
        c.tickAll(1);
        Status st = c.raw(2).status();
        assertEquals(List.of(1L, 2L, 4L), st.voters());
        assertEquals(List.of(3L), st.learners());
        assertEquals(List.of(), st.votersOutgoing());
        c.propose(1, "to-demoted");
        assertTrue(applied(c, 3, "to-demoted"), "the learner still gets the log");
    }

    @Test
    void invalidChangesAreRefusedAtProposalNotAtApply() {
        TestCluster c = threeAndANewcomer();
        ConfChangeV2 removeAll = ConfChangeV2.newBuilder()
                .addChanges(change(ConfChangeType.REMOVE_NODE, 1))
                .addChanges(change(ConfChangeType.REMOVE_NODE, 2))
                .addChanges(change(ConfChangeType.REMOVE_NODE, 3)).build();
        long last = c.raw(1).lastIndex();
        ProposalDroppedException e = assertThrows(ProposalDroppedException.class, () -> c.raw(1).proposeConfChange(removeAll));
        assertTrue(e.getMessage().contains("every voter"), e.getMessage());
        assertEquals(last, c.raw(1).lastIndex(), "nothing appended");
    }

    @Test
    void aSingleStepMayChangeOnlyOneVoter() {
        Membership three = new Membership(OLD, List.of(), List.of(), List.of(), false);
        ConfChangeV2 two = replace(3, 4, ConfChangeTransition.CONF_CHANGE_TRANSITION_AUTO);
        Membership joint = MembershipChange.apply(three, two);
        assertTrue(joint.joint(), "two voters changing goes through a joint configuration");
        assertTrue(joint.autoLeave);
        // Applied as a simple step (what a bug forcing single steps would do), it is refused.
        Membership viaSteps = MembershipChange.apply(three, ConfChangeV2.newBuilder()
                .addChanges(change(ConfChangeType.ADD_NODE, 4)).build());
        assertEquals(List.of(1L, 2L, 3L, 4L), List.copyOf(viaSteps.voters));
        assertThrows(IllegalArgumentException.class, () -> MembershipChange.apply(joint, two), "joint twice");
    }
}
