package io.faultline.raft;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.ByteString;
import io.faultline.raft.pb.Message;
import io.faultline.raft.pb.MessageType;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The Ready/advance contract and misuse of the public API. */
class RawNodeTest {

    private static ByteString b(String s) {
        return ByteString.copyFromUtf8(s);
    }

    @Test
    void singleNodeCommitsInTheSameReadyItPersists() {
        MemoryStorage s = MemoryStorage.withVoters(List.of(1L));
        RawNode n = new RawNode(RaftConfig.defaults(1, s));
        assertFalse(n.hasReady());
        n.campaign();
        assertEquals(StateType.LEADER, n.state());
        Ready rd = n.ready();
        assertEquals(new SoftState(1, StateType.LEADER), rd.softState());
        assertEquals(1, rd.hardState().getTerm());
        assertEquals(1, rd.entries().size());
        assertEquals(rd.entries(), rd.committedEntries(), "the application persists, then applies");
        s.append(rd.entries());
        s.setHardState(rd.hardState());
        n.advance(rd);
        assertFalse(n.hasReady());

        n.propose(b("x"));
        rd = n.ready();
        assertNull(rd.softState(), "unchanged soft state is null");
        assertEquals(b("x"), rd.entries().get(0).getData());
        assertEquals(2, rd.hardState().getCommit());
        s.append(rd.entries());
        n.advance(rd);
        assertEquals(2, n.status().applied());
    }

    @Test
    void votesArePersistedInTheSameReadyAsTheResponse() {
        MemoryStorage s = MemoryStorage.withVoters(List.of(1L, 2L, 3L));
        RawNode n = new RawNode(RaftConfig.defaults(2, s).withPreVote(false));
        n.step(Message.newBuilder().setMsgType(MessageType.MSG_REQUEST_VOTE).setFrom(1).setTo(2).setTerm(1).build());
        Ready rd = n.ready();
        assertEquals(1, rd.hardState().getVote());
        assertEquals(MessageType.MSG_REQUEST_VOTE_RESPONSE, rd.messages().get(0).getMsgType());
        assertFalse(rd.messages().get(0).getReject());
    }

    @Test
    void aLongBacklogOfCommittedEntriesIsHandedOutInBoundedReadies() {
        MemoryStorage s = RaftTestUtil.storageWith(1, 1, 1, 1, 1, 1);
        s.setHardState(io.faultline.raft.pb.HardState.newBuilder().setTerm(1).setCommit(5).build());
        s.setConfState(io.faultline.raft.pb.ConfState.newBuilder().addVoters(1).addVoters(2).build());
        RawNode n = new RawNode(RaftConfig.defaults(1, s).withMaxSizePerMsg(1));
        long applied = 0;
        int readies = 0;
        while (n.hasReady()) {
            Ready rd = n.ready();
            for (io.faultline.raft.pb.Entry e : rd.committedEntries()) {
                assertEquals(applied + 1, e.getIndex());
                applied = e.getIndex();
            }
            n.advance(rd);
            readies++;
        }
        assertEquals(5, applied);
        assertEquals(5, readies, "one entry per Ready under a 1-byte budget");
    }

    @Test
    void aRestartedNodeRemembersItsVote() {
        MemoryStorage s = MemoryStorage.withVoters(List.of(1L, 2L, 3L));
        RawNode n = new RawNode(RaftConfig.defaults(2, s).withPreVote(false).withCheckQuorum(false));
        n.step(Message.newBuilder().setMsgType(MessageType.MSG_REQUEST_VOTE).setFrom(1).setTo(2).setTerm(1).build());
        Ready rd = n.ready();
        s.setHardState(rd.hardState());
        n.advance(rd);

        RawNode restarted = new RawNode(RaftConfig.defaults(2, s).withPreVote(false).withCheckQuorum(false));
        restarted.step(Message.newBuilder().setMsgType(MessageType.MSG_REQUEST_VOTE).setFrom(3).setTo(2).setTerm(1)
                .build());
        Message resp = restarted.ready().messages().get(0);
        assertTrue(resp.getReject(), "already voted for 1 in term 1");
        assertEquals(1, restarted.status().vote());
    }

    @Test
    void appendResponsesComeWithTheEntriesTheyAcknowledge() {
        TestCluster c = TestCluster.of(3);
        c.elect(1);
        Message app = Message.newBuilder().setMsgType(MessageType.MSG_APPEND).setFrom(1).setTo(2).setTerm(1)
                .setIndex(1).setLogTerm(1).setCommit(1)
                .addEntries(io.faultline.raft.pb.Entry.newBuilder().setIndex(2).setTerm(1).setData(b("y")))
                .build();
        c.raw(2).step(app);
        Ready rd = c.raw(2).ready();
        Message resp = rd.messages().get(0);
        assertEquals(MessageType.MSG_APPEND_RESPONSE, resp.getMsgType());
        assertEquals(2, resp.getIndex());
        assertEquals(2, rd.entries().get(rd.entries().size() - 1).getIndex(), "acked entry is in this Ready");
    }

    @Test
    void proposingWithoutBeingLeaderThrows() {
        TestCluster c = TestCluster.of(3);
        ProposalDroppedException e = assertThrows(ProposalDroppedException.class, () -> c.raw(1).propose(b("x")));
        assertTrue(e.getMessage().contains("no leader"), e.getMessage());
        c.elect(1);
        e = assertThrows(ProposalDroppedException.class, () -> c.raw(2).propose(b("x")));
        assertTrue(e.getMessage().contains("leader is 1"), e.getMessage());
        assertEquals(1, c.raw(2).lastIndex(), "log untouched");
    }

    @Test
    void proposingWhileCampaigningThrows() {
        TestCluster c = TestCluster.of(3);
        c.isolate(1);
        c.raw(1).campaign();
        assertThrows(ProposalDroppedException.class, () -> c.raw(1).propose(b("x")));
    }

    @Test
    void responsesFromUnknownPeersAndLocalMessagesFromTheNetworkAreDropped() {
        TestCluster c = TestCluster.of(3);
        c.elect(1);
        long last = c.raw(1).lastIndex();
        c.raw(1).step(Message.newBuilder().setMsgType(MessageType.MSG_APPEND_RESPONSE).setFrom(9).setTo(1)
                .setTerm(1).setIndex(100).build());
        c.raw(1).step(Message.newBuilder().setMsgType(MessageType.MSG_PROPOSE).setFrom(2).setTo(1)
                .addEntries(io.faultline.raft.pb.Entry.newBuilder().setData(b("sneaky"))).build());
        c.raw(2).step(Message.newBuilder().setMsgType(MessageType.MSG_HUP).setFrom(3).setTo(2).build());
        assertEquals(last, c.raw(1).lastIndex());
        assertEquals(StateType.FOLLOWER, c.raw(2).state());
        assertEquals(StateType.LEADER, c.raw(1).state());
    }

    @Test
    void aRestartedNodeRecoversItsStateFromStorage() {
        TestCluster c = TestCluster.of(3);
        c.elect(1);
        c.propose(1, "a");
        MemoryStorage s = c.node(2).storage;
        RawNode restarted = new RawNode(RaftConfig.defaults(2, s).withApplied(c.raw(2).status().applied()));
        assertEquals(1, restarted.term());
        assertEquals(2, restarted.status().commit());
        assertEquals(2, restarted.lastIndex());
        assertEquals(List.of(1L, 2L, 3L), restarted.status().voters());
        assertFalse(restarted.hasReady(), "nothing to re-apply");
    }

    @Test
    void anAppliedIndexOutsideTheStoredLogIsRefused() {
        MemoryStorage s = RaftTestUtil.storageWith(1, 1, 1, 1, 1);
        s.setHardState(io.faultline.raft.pb.HardState.newBuilder().setTerm(1).setCommit(3).build());
        s.createSnapshot(2, io.faultline.raft.pb.ConfState.newBuilder().addVoters(1).build(), ByteString.EMPTY);
        s.compact(2);
        IllegalArgumentException below = assertThrows(IllegalArgumentException.class,
                () -> new RawNode(RaftConfig.defaults(1, s).withApplied(1)));
        assertTrue(below.getMessage().contains("below the storage's snapshot index 2"), below.getMessage());
        IllegalArgumentException past = assertThrows(IllegalArgumentException.class,
                () -> new RawNode(RaftConfig.defaults(1, s).withApplied(4)));
        assertTrue(past.getMessage().contains("past the stored commit index 3"), past.getMessage());
        assertEquals(3, new RawNode(RaftConfig.defaults(1, s).withApplied(3)).status().applied());
    }

    @Test
    void peersConstructorBootstrapsAnEmptyStorageOnly() {
        MemoryStorage s = new MemoryStorage();
        RawNode n = new RawNode(RaftConfig.defaults(1, s), List.of(1L, 2L, 3L));
        assertEquals(List.of(1L, 2L, 3L), n.status().voters());
        MemoryStorage full = MemoryStorage.withVoters(List.of(1L));
        assertThrows(IllegalArgumentException.class,
                () -> new RawNode(RaftConfig.defaults(1, full), List.of(1L, 2L)));
    }

    @Test
    void statusShowsProgressOnlyOnTheLeader() {
        TestCluster c = TestCluster.of(3);
        c.elect(1);
        Status st = c.raw(1).status();
        assertEquals(3, st.progress().size());
        assertEquals(1, st.progress().get(2L).match());
        assertEquals(ProgressState.REPLICATE, st.progress().get(2L).state());
        assertTrue(c.raw(2).status().progress().isEmpty());
        assertNotNull(c.raw(2).status().voters());
    }

    @Test
    void configValidationNamesTheBadField() {
        MemoryStorage s = new MemoryStorage();
        assertMessage("id", () -> RaftConfig.defaults(0, s).validate());
        assertMessage("heartbeatTick", () -> RaftConfig.defaults(1, s).withHeartbeatTick(0).validate());
        assertMessage("electionTick", () -> RaftConfig.defaults(1, s).withElectionTick(1).validate());
        assertMessage("storage", () -> RaftConfig.defaults(1, null).validate());
        assertMessage("maxSizePerMsg", () -> RaftConfig.defaults(1, s).withMaxSizePerMsg(0).validate());
        assertMessage("maxInflightMsgs", () -> RaftConfig.defaults(1, s).withMaxInflightMsgs(0).validate());
        assertMessage("applied", () -> RaftConfig.defaults(1, s).withApplied(-1).validate());
    }

    private static void assertMessage(String field, org.junit.jupiter.api.function.Executable ex) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, ex);
        assertTrue(e.getMessage().contains(field), e.getMessage());
    }
}
