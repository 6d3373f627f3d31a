package io.faultline.raft;

import static io.faultline.raft.RaftTestUtil.makeLeader;
import static io.faultline.raft.RaftTestUtil.msg;
import static io.faultline.raft.RaftTestUtil.ofType;
import static io.faultline.raft.RaftTestUtil.propose;
import static io.faultline.raft.RaftTestUtil.raft;
import static io.faultline.raft.RaftTestUtil.storageWith;
import static io.faultline.raft.RaftTestUtil.take;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.ByteString;
import io.faultline.raft.pb.Entry;
import io.faultline.raft.pb.Message;
import io.faultline.raft.pb.MessageType;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Log replication and commitment (Raft §5.3, §5.4.2). */
class ReplicationTest {

    private static List<ByteString> bytes(String... s) {
        return java.util.Arrays.stream(s).map(ByteString::copyFromUtf8).toList();
    }

    @Test
    void proposalsReplicateAndApplyInOrderOnEveryNode() {
        TestCluster c = TestCluster.of(3);
        c.elect(1);
        c.propose(1, "a");
        c.propose(1, "b");
        for (TestCluster.Node n : c.nodes.values()) {
            assertEquals(bytes("a", "b"), n.appliedData());
        }
        assertEquals(3, c.raw(2).status().commit(), "no-op + two entries");
    }

    @Test
    void newLeaderAppendsANoOpOfItsTerm() {
        TestCluster c = TestCluster.of(3);
        c.elect(1);
        Entry first = c.node(2).applied.get(0);
        assertTrue(first.getData().isEmpty());
        assertEquals(1, first.getTerm());
    }

    @Test
    void entriesCommitOnlyWithAQuorum() {
        TestCluster c = TestCluster.of(3);
        c.elect(1);
        c.isolate(2);
        c.isolate(3);
        c.propose(1, "lost?");
        assertEquals(1, c.raw(1).status().commit(), "no quorum, no commit");
        c.heal();
        c.isolate(3);
        c.tickAll(2);
        assertEquals(2, c.raw(1).status().commit(), "leader + node 2 is a quorum");
        assertEquals(bytes("lost?"), c.node(2).appliedData());
    }

    @Test
    void leaderCommitsOnlyEntriesOfItsOwnTermByCounting() {
        // Leader of term 2 holds (1,t1) from an earlier term.
        Raft r = raft(1, List.of(1L, 2L, 3L), storageWith(1, 1), c -> c);
        makeLeader(r, 2);
        assertEquals(2, r.term);
        assertEquals(2, r.raftLog.lastIndex(), "its no-op is at index 2");
        r.step(msg(MessageType.MSG_APPEND_RESPONSE, 2, 1, 2).setIndex(1).build());
        assertEquals(0, r.raftLog.committed(), "a quorum holding a term-1 entry does not commit it");
        r.step(msg(MessageType.MSG_APPEND_RESPONSE, 2, 1, 2).setIndex(2).build());
        assertEquals(2, r.raftLog.committed(), "committing the term-2 no-op commits the older entry too");
    }

    @Test
    void breakingTheRuleOnPurposeCommitsByCount() {
        Raft r = raft(1, List.of(1L, 2L, 3L), storageWith(1, 1),
                c -> c.withBrokenRules(java.util.Set.of(BrokenRule.COMMIT_EARLIER_TERM_BY_COUNT)));
        makeLeader(r, 2);
        r.step(msg(MessageType.MSG_APPEND_RESPONSE, 2, 1, 2).setIndex(1).build());
        assertEquals(1, r.raftLog.committed());
    }

    @Test
    void followerRejectsAnAppendWhosePreviousEntryDoesNotMatchAndHintsItsLastIndex() {
        Raft r = raft(2, List.of(1L, 2L, 3L), storageWith(2, 1, 1), c -> c);
        r.step(msg(MessageType.MSG_APPEND, 1, 2, 3).setIndex(5).setLogTerm(3)
                .addEntries(RaftLogTest.ent(6, 3)).build());
        Message resp = take(r).get(0);
        assertTrue(resp.getReject());
        assertEquals(5, resp.getIndex());
        assertEquals(2, resp.getRejectHint());
        assertEquals(2, r.raftLog.lastIndex());
    }

    @Test
    void leaderProbesBackAfterARejectionAndRepairsTheFollower() {
        Raft r = raft(1, List.of(1L, 2L, 3L), storageWith(1, 1, 1, 1), c -> c);
        makeLeader(r, 2);
        // Its first append to peer 2 was at prev index 3 (last at election); peer 2 only has index 1.
        r.step(msg(MessageType.MSG_APPEND_RESPONSE, 2, 1, 2).setIndex(3).setReject(true).setRejectHint(1).build());
        Message app = ofType(take(r), MessageType.MSG_APPEND).get(0);
        assertEquals(1, app.getIndex(), "resends from the follower's hinted last index");
        assertEquals(1, app.getLogTerm());
        assertEquals(3, app.getEntriesCount());
    }

    @Test
    void divergentUncommittedTailIsOverwrittenByTheNewLeader() {
        // Without CheckQuorum so node 3 has no leader lease to wait out before voting for 2.
        TestCluster c = TestCluster.of(3, cfg -> cfg.withCheckQuorum(false));
        c.elect(1);
        c.isolate(1);
        c.raw(1).propose(ByteString.copyFromUtf8("orphan"));
        c.stabilize();
        assertEquals(2, c.raw(1).lastIndex());
        c.heal();
        c.isolate(1);
        c.elect(2);
        c.propose(2, "kept");
        c.heal();
        c.tickAll(3);
        assertEquals(2, c.leader());
        for (TestCluster.Node n : c.nodes.values()) {
            assertEquals(bytes("kept"), n.appliedData(), "node " + n.raft().id);
        }
        assertEquals(c.raw(2).lastIndex(), c.raw(1).lastIndex());
        assertEquals(2, c.node(1).raft().raftLog.term(2), "orphan (term 1) replaced by leader 2's no-op");
    }

    @Test
    void heartbeatsCarryTheCommitIndexButNotBeyondTheFollowersMatch() {
        Raft r = raft(1, List.of(1L, 2L, 3L));
        makeLeader(r, 2);
        r.step(msg(MessageType.MSG_APPEND_RESPONSE, 2, 1, 1).setIndex(1).build());
        assertEquals(1, r.raftLog.committed());
        take(r);
        r.step(msg(MessageType.MSG_BEAT, 1, 1, 0).build());
        List<Message> hb = ofType(take(r), MessageType.MSG_HEARTBEAT);
        assertEquals(2, hb.size());
        for (Message m : hb) {
            assertEquals(m.getTo() == 2 ? 1 : 0, m.getCommit(), "to " + m.getTo());
        }
    }

    @Test
    void aCommitIsSentToEveryFollowerAtOnceOnlyWhenBroadcastCommitIsOn() {
        for (boolean broadcast : new boolean[] {true, false}) {
            Raft r = raft(1, List.of(1L, 2L, 3L), new MemoryStorage(), c -> c.withBroadcastCommit(broadcast));
            makeLeader(r, 2);
            r.step(msg(MessageType.MSG_APPEND_RESPONSE, 2, 1, r.term).setIndex(1).build());
            assertEquals(1, r.raftLog.committed(), "the no-op commits with node 2's answer");
            List<Message> appends = ofType(take(r), MessageType.MSG_APPEND);
            if (broadcast) {
                // Node 3 still owes an answer to its probe, so only node 2 can be sent anything.
                assertEquals(1, appends.size(), "an empty append carries the commit: " + appends);
                assertEquals(2, appends.get(0).getTo());
                assertEquals(1, appends.get(0).getCommit());
                assertTrue(appends.get(0).getEntriesList().isEmpty());
            } else {
                assertTrue(appends.isEmpty(), "nothing new to send, so nothing sent: " + appends);
                r.step(msg(MessageType.MSG_BEAT, 1, 1, 0).build());
                Message toTwo = ofType(take(r), MessageType.MSG_HEARTBEAT).stream()
                        .filter(m -> m.getTo() == 2).findFirst().orElseThrow();
                assertEquals(1, toTwo.getCommit(), "the next heartbeat carries it");
            }
        }
    }

    @Test
    void withoutBroadcastCommitAFollowerStillGetsTheEntriesItLacks() {
        Raft r = raft(1, List.of(1L, 2L, 3L), new MemoryStorage(), c -> c.withBroadcastCommit(false));
        makeLeader(r, 2, 3);
        r.step(msg(MessageType.MSG_APPEND_RESPONSE, 2, 1, r.term).setIndex(1).build());
        r.step(msg(MessageType.MSG_APPEND_RESPONSE, 3, 1, r.term).setIndex(1).build());
        take(r);
        propose(r, "x");
        take(r);
        // Node 3 answers for index 2 first: the commit moves, and node 2, which lacks nothing, gets nothing.
        r.step(msg(MessageType.MSG_APPEND_RESPONSE, 3, 1, r.term).setIndex(2).build());
        assertEquals(2, r.raftLog.committed());
        assertTrue(ofType(take(r), MessageType.MSG_APPEND).isEmpty());
        propose(r, "y");
        List<Message> appends = ofType(take(r), MessageType.MSG_APPEND);
        assertEquals(2, appends.size(), "a new entry still goes to both");
        for (Message m : appends) {
            assertEquals(2, m.getCommit(), "and carries the commit, to " + m.getTo());
        }
    }

    @Test
    void aLeaderGivingACommittedEntryAnotherTermIsASafetyViolationAndStillRejected() {
        // Node 2 holds (1,t1) (2,t1) and committed both; the leader of term 3 claims term 2 at index 2.
        Raft r = raft(2, List.of(1L, 2L, 3L), storageWith(1, 1, 1), c -> c);
        r.step(msg(MessageType.MSG_HEARTBEAT, 1, 2, 1).setCommit(2).build());
        take(r);
        SafetyViolation e = org.junit.jupiter.api.Assertions.assertThrows(SafetyViolation.class,
                () -> r.step(msg(MessageType.MSG_APPEND, 1, 2, 3).setIndex(2).setLogTerm(2).build()));
        assertTrue(e.getMessage().contains("index 2, which this node committed in term 1"), e.getMessage());
        Message answer = take(r).get(0);
        assertTrue(answer.getReject(), "the leader is still told no");
        // Beyond the commit index a mismatch is ordinary: a rejection and nothing more.
        r.step(msg(MessageType.MSG_APPEND, 1, 2, 3).setIndex(3).setLogTerm(3).build());
        assertTrue(take(r).get(0).getReject());
    }

    @Test
    void followerLearnsCommitFromAHeartbeat() {
        Raft r = raft(2, List.of(1L, 2L, 3L), storageWith(1, 1, 1), c -> c);
        r.step(msg(MessageType.MSG_HEARTBEAT, 1, 2, 1).setCommit(2).build());
        assertEquals(2, r.raftLog.committed());
        assertEquals(MessageType.MSG_HEARTBEAT_RESPONSE, take(r).get(0).getMsgType());
    }

    @Test
    void leaderKeepsAtMostMaxInflightAppendsUnacknowledged() {
        Raft r = raft(1, List.of(1L, 2L), new MemoryStorage(), c -> c.withMaxInflightMsgs(2));
        makeLeader(r, 2);
        r.step(msg(MessageType.MSG_APPEND_RESPONSE, 2, 1, 1).setIndex(1).build()); // peer 2 → replicate
        take(r);
        for (int i = 0; i < 5; i++) {
            propose(r, "x" + i);
        }
        assertEquals(2, ofType(take(r), MessageType.MSG_APPEND).size(), "window of 2");
        r.step(msg(MessageType.MSG_APPEND_RESPONSE, 2, 1, 1).setIndex(2).build());
        assertTrue(!ofType(take(r), MessageType.MSG_APPEND).isEmpty(), "an ack opens the window");
    }

    @Test
    void appendsAreBatchedUpToTheByteLimit() {
        Raft r = raft(1, List.of(1L, 2L), new MemoryStorage(), c -> c.withMaxSizePerMsg(1));
        makeLeader(r, 2);
        for (int i = 0; i < 3; i++) {
            propose(r, "payload" + i);
        }
        take(r);
        // Probe mode: a single append in flight. Acknowledge the no-op to switch to replicate.
        r.step(msg(MessageType.MSG_APPEND_RESPONSE, 2, 1, 1).setIndex(1).build());
        List<Message> apps = ofType(take(r), MessageType.MSG_APPEND);
        assertEquals(3, apps.size(), "one entry per message under a 1-byte limit");
        for (Message m : apps) {
            assertEquals(1, m.getEntriesCount());
        }

        Raft big = raft(1, List.of(1L, 2L));
        makeLeader(big, 2);
        big.step(msg(MessageType.MSG_APPEND_RESPONSE, 2, 1, 1).setIndex(1).build());
        take(big);
        big.step(msg(MessageType.MSG_PROPOSE, 1, 1, 0)
                .addEntries(RaftTestUtil.data("a")).addEntries(RaftTestUtil.data("b")).build());
        List<Message> one = ofType(take(big), MessageType.MSG_APPEND);
        assertEquals(1, one.size());
        assertEquals(2, one.get(0).getEntriesCount());
    }
}
