package io.faultline.raft;

import static io.faultline.raft.RaftTestUtil.makeLeader;
import static io.faultline.raft.RaftTestUtil.msg;
import static io.faultline.raft.RaftTestUtil.ofType;
import static io.faultline.raft.RaftTestUtil.raft;
import static io.faultline.raft.RaftTestUtil.take;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.ByteString;
import io.faultline.raft.pb.Message;
import io.faultline.raft.pb.MessageType;
import java.util.List;
import org.junit.jupiter.api.Test;

/** ReadIndex (Raft thesis §6.4): a read point confirmed by a heartbeat round. */
class ReadIndexTest {

    private static final ByteString CTX = ByteString.copyFromUtf8("read-1");

    @Test
    void leaderAnswersWithItsCommitIndexAfterAQuorumAcknowledges() {
        TestCluster c = TestCluster.of(3);
        c.elect(1);
        c.propose(1, "a");
        c.raw(1).readIndex(CTX);
        c.stabilize();
        assertEquals(List.of(new ReadState(2, CTX)), c.node(1).readStates);
        assertTrue(c.deliveredOfType(MessageType.MSG_HEARTBEAT).stream().anyMatch(m -> m.getContext().equals(CTX)),
                "leadership was confirmed by a heartbeat carrying the request's context");
    }

    @Test
    void anIsolatedLeaderCannotConfirmARead() {
        TestCluster c = TestCluster.of(3);
        c.elect(1);
        c.isolate(1);
        c.raw(1).readIndex(CTX);
        c.stabilize();
        assertTrue(c.node(1).readStates.isEmpty());
    }

    @Test
    void aReadIsAnsweredOnceOneOtherVoterAcksInAThreeNodeCluster() {
        TestCluster c = TestCluster.of(3);
        c.elect(1);
        c.isolate(3);
        c.raw(1).readIndex(CTX);
        c.stabilize();
        assertEquals(1, c.node(1).readStates.size());
    }

    @Test
    void aNewLeaderDefersReadsUntilItCommitsAnEntryOfItsTerm() {
        Raft r = raft(1, List.of(1L, 2L, 3L));
        makeLeader(r, 2);
        r.step(msg(MessageType.MSG_READ_INDEX, 1, 1, 0).setContext(CTX).build());
        assertTrue(ofType(take(r), MessageType.MSG_HEARTBEAT).isEmpty(), "no read point before the no-op commits");
        r.step(msg(MessageType.MSG_APPEND_RESPONSE, 2, 1, 1).setIndex(1).build());
        List<Message> hb = ofType(take(r), MessageType.MSG_HEARTBEAT);
        assertEquals(2, hb.size());
        assertEquals(CTX, hb.get(0).getContext());
        r.step(msg(MessageType.MSG_HEARTBEAT_RESPONSE, 3, 1, 1).setContext(CTX).build());
        assertEquals(List.of(new ReadState(1, CTX)), r.readStates);
    }

    @Test
    void earlierPendingReadsAreAnsweredWithALaterOne() {
        Raft r = raft(1, List.of(1L, 2L, 3L));
        makeLeader(r, 2);
        r.step(msg(MessageType.MSG_APPEND_RESPONSE, 2, 1, 1).setIndex(1).build());
        ByteString ctx2 = ByteString.copyFromUtf8("read-2");
        r.step(msg(MessageType.MSG_READ_INDEX, 1, 1, 0).setContext(CTX).build());
        r.step(msg(MessageType.MSG_READ_INDEX, 1, 1, 0).setContext(ctx2).build());
        r.step(msg(MessageType.MSG_HEARTBEAT_RESPONSE, 2, 1, 1).setContext(ctx2).build());
        assertEquals(List.of(new ReadState(1, CTX), new ReadState(1, ctx2)), r.readStates);
    }

    @Test
    void aFollowerForwardsTheReadAndGetsTheLeadersIndex() {
        TestCluster c = TestCluster.of(3);
        c.elect(1);
        c.propose(1, "a");
        c.raw(2).readIndex(CTX);
        c.stabilize();
        assertEquals(List.of(new ReadState(2, CTX)), c.node(2).readStates);
    }

    @Test
    void readingWithoutALeaderThrows() {
        TestCluster c = TestCluster.of(3);
        assertThrows(ProposalDroppedException.class, () -> c.raw(1).readIndex(CTX));
    }

    @Test
    void aSingleNodeAnswersAtOnce() {
        MemoryStorage s = MemoryStorage.withVoters(List.of(1L));
        RawNode n = new RawNode(RaftConfig.defaults(1, s));
        n.campaign();
        n.readIndex(CTX);
        assertEquals(List.of(new ReadState(1, CTX)), n.ready().readStates());
    }
}
