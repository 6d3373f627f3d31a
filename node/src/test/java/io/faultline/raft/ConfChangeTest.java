package io.faultline.raft;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.ByteString;
import io.faultline.raft.pb.ConfChange;
import io.faultline.raft.pb.ConfChangeType;
import io.faultline.raft.pb.ConfState;
import io.faultline.raft.pb.Entry;
import io.faultline.raft.pb.EntryType;
import io.faultline.raft.pb.HardState;
import io.faultline.raft.pb.MessageType;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Membership change one node at a time (Raft thesis §4.1), one pending change at a time. */
class ConfChangeTest {

    private static ConfChange add(long id) {
        return ConfChange.newBuilder().setChangeType(ConfChangeType.ADD_NODE).setNodeId(id).build();
    }

    private static ConfChange remove(long id) {
        return ConfChange.newBuilder().setChangeType(ConfChangeType.REMOVE_NODE).setNodeId(id).build();
    }

    @Test
    void addingANodeReplicatesTheLogToItAndGrowsTheQuorum() {
        TestCluster c = TestCluster.of(3);
        c.elect(1);
        c.propose(1, "before");
        c.addNode(4, List.of(1L, 2L, 3L, 4L));
        c.raw(1).proposeConfChange(add(4));
        c.stabilize();
        assertEquals(List.of(1L, 2L, 3L, 4L), c.raw(1).status().voters());
        assertEquals(ConfState.newBuilder().addAllVoters(List.of(1L, 2L, 3L, 4L)).build(),
                c.node(2).storage.confState(), "applied conf change was persisted");
        c.propose(1, "after");
        assertEquals(c.node(1).appliedData(), c.node(4).appliedData());
        // quorum of 4 is 3: with two nodes cut off nothing commits
        c.isolate(3);
        c.isolate(4);
        long commit = c.raw(1).status().commit();
        c.propose(1, "stuck");
        assertEquals(commit, c.raw(1).status().commit());
    }

    @Test
    void removingNodesShrinksTheQuorum() {
        TestCluster c = TestCluster.of(3);
        c.elect(1);
        c.raw(1).proposeConfChange(remove(3));
        c.stabilize();
        c.raw(1).proposeConfChange(remove(2));
        c.stabilize();
        assertEquals(List.of(1L), c.raw(1).status().voters());
        c.isolate(2);
        c.isolate(3);
        c.propose(1, "alone");
        assertEquals(List.of(ByteString.copyFromUtf8("alone")), c.node(1).appliedData(), "quorum of one commits");
    }

    @Test
    void aSecondConfChangeIsRefusedWhileOneIsPending() {
        TestCluster c = TestCluster.of(3);
        c.elect(1);
        c.isolate(2);
        c.isolate(3);
        c.raw(1).proposeConfChange(remove(3));
        long last = c.raw(1).lastIndex();
        ProposalDroppedException e = assertThrows(ProposalDroppedException.class,
                () -> c.raw(1).proposeConfChange(remove(2)));
        assertTrue(e.getMessage().contains("pending"), e.getMessage());
        assertEquals(last, c.raw(1).lastIndex(), "log untouched");
        c.heal();
        c.stabilize();
        c.tickAll(2);
        c.raw(1).proposeConfChange(remove(2)); // allowed once the first is applied
    }

    @Test
    void aNewLeaderAssumesItsUncommittedTailMayHoldAConfChange() {
        TestCluster c = TestCluster.of(3, cfg -> cfg.withCheckQuorum(false));
        c.elect(1);
        // "x" reaches 2 and 3 but never commits: its acks are lost
        c.dropIf(m -> m.getMsgType() == MessageType.MSG_APPEND_RESPONSE && m.getTo() == 1);
        c.propose(1, "x");
        assertEquals(2, c.raw(2).lastIndex());
        c.isolate(1);
        c.dropIf(m -> m.getMsgType() == MessageType.MSG_APPEND && m.getFrom() == 2);
        c.elect(2);
        assertEquals(2, c.leader());
        assertThrows(ProposalDroppedException.class, () -> c.raw(2).proposeConfChange(remove(3)),
                "the unapplied tail (x) might be a conf change: pending until applied");
        c.heal();
        c.isolate(1);
        c.tickAll(2);
        c.raw(2).proposeConfChange(remove(1));
    }

    @Test
    void aNodeWithACommittedButUnappliedConfChangeDoesNotCampaign() {
        MemoryStorage s = new MemoryStorage();
        s.append(List.of(Entry.newBuilder().setIndex(1).setTerm(1).setEntryType(EntryType.ENTRY_CONF_CHANGE)
                .setData(add(4).toByteString()).build()));
        s.setHardState(HardState.newBuilder().setTerm(1).setCommit(1).build());
        s.setConfState(ConfState.newBuilder().addVoters(1).addVoters(2).addVoters(3).build());
        RawNode n = new RawNode(RaftConfig.defaults(1, s));
        n.campaign();
        assertEquals(StateType.FOLLOWER, n.state());
        Ready rd = n.ready();
        n.applyConfChange(add(4));
        n.advance(rd);
        n.campaign();
        assertEquals(StateType.PRE_CANDIDATE, n.state());
    }

    @Test
    void aNodeThatJoinsKnowingNoConfigurationGetsItFromASnapshot() {
        TestCluster c = TestCluster.of(3);
        c.elect(1);
        c.propose(1, "before");
        long applied = c.raw(1).status().applied();
        c.node(1).storage.createSnapshot(applied, c.node(1).storage.confState(), ByteString.EMPTY);
        // an empty node, as the KV node's --join starts one; its log would start with no configuration
        MemoryStorage empty = new MemoryStorage();
        c.nodes.put(4L, new TestCluster.Node(empty, new RawNode(TestCluster.config(4, empty))));
        c.raw(1).proposeConfChange(add(4));
        c.stabilize();
        c.tickAll(3);
        assertEquals(applied, empty.snapshot().getMetadata().getIndex(), "it was sent the snapshot, not the log from index 1");
        assertEquals(List.of(1L, 2L, 3L, 4L), c.raw(4).status().voters());
        c.isolate(4);
        c.tick(4, 50);
        assertFalse(c.raw(4).state() == StateType.LEADER, "alone it is no majority of four");
    }

    @Test
    void aRemovedLeaderStepsDownAndTheOthersElectANewOne() {
        TestCluster c = TestCluster.of(3);
        c.elect(1);
        c.raw(1).proposeConfChange(remove(1));
        c.stabilize();
        assertFalse(c.raw(1).status().voters().contains(1L));
        assertEquals(StateType.FOLLOWER, c.raw(1).state());
        assertThrows(ProposalDroppedException.class, () -> c.raw(1).propose(ByteString.copyFromUtf8("x")));
        c.tickAll(40);
        long lead = c.leader();
        assertTrue(lead == 2 || lead == 3, "leader " + lead);
        c.tick(1, 40);
        assertEquals(StateType.FOLLOWER, c.raw(1).state(), "a removed node never campaigns");
    }

    @Test
    void responsesFromARemovedNodeAreIgnored() {
        TestCluster c = TestCluster.of(3);
        c.elect(1);
        c.raw(1).proposeConfChange(remove(3));
        c.stabilize();
        c.delivered.clear();
        c.tickAll(3);
        assertTrue(c.deliveredOfType(MessageType.MSG_HEARTBEAT).stream().noneMatch(m -> m.getTo() == 3));
    }
}
