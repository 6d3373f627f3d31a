package io.faultline.raft;

import static io.faultline.raft.RaftTestUtil.msg;
import static io.faultline.raft.RaftTestUtil.ofType;
import static io.faultline.raft.RaftTestUtil.raft;
import static io.faultline.raft.RaftTestUtil.storageWith;
import static io.faultline.raft.RaftTestUtil.take;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.faultline.raft.pb.Message;
import io.faultline.raft.pb.MessageType;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Leader election (Raft §5.2, §5.4.1) plus PreVote and CheckQuorum (§9.6). */
class ElectionTest {

    @Test
    void threeNodeClusterElectsTheCampaigner() {
        TestCluster c = TestCluster.of(3);
        c.elect(1);
        assertEquals(StateType.LEADER, c.raw(1).state());
        assertEquals(1, c.raw(1).term());
        for (long id = 2; id <= 3; id++) {
            assertEquals(StateType.FOLLOWER, c.raw(id).state());
            assertEquals(1, c.raw(id).leaderId());
            assertEquals(1, c.raw(id).term());
        }
    }

    @Test
    void followersCampaignOnTheirOwnAfterTheElectionTimeout() {
        TestCluster c = TestCluster.of(3);
        c.tickAll(30);
        assertTrue(c.leader() != 0, "someone was elected");
    }

    @Test
    void electionTimeoutIsRandomizedWithinOneToTwoElectionTicks() {
        java.util.Set<Integer> seen = new java.util.HashSet<>();
        for (long seed = 0; seed < 200; seed++) {
            final long sd = seed;
            Raft r = raft(1, List.of(1L, 2L, 3L), new MemoryStorage(), c -> c.withRandomSeed(sd));
            int ticks = 0;
            while (r.state == StateType.FOLLOWER) {
                r.tick();
                ticks++;
            }
            assertTrue(ticks >= 10 && ticks < 20, "timeout " + ticks + " outside [10, 20)");
            seen.add(ticks);
        }
        assertTrue(seen.size() > 5, "timeouts vary: " + seen);
    }

    @Test
    void candidateVotesForItselfAndAsksEveryPeer() {
        Raft r = raft(1, List.of(1L, 2L, 3L));
        r.step(msg(MessageType.MSG_HUP, 1, 1, 0).build());
        assertEquals(StateType.CANDIDATE, r.state);
        assertEquals(1, r.term);
        assertEquals(1, r.vote);
        List<Message> out = ofType(take(r), MessageType.MSG_REQUEST_VOTE);
        assertEquals(2, out.size());
        assertEquals(1, out.get(0).getTerm());
    }

    @Test
    void candidateLosesWhenAMajorityRejects() {
        Raft r = raft(1, List.of(1L, 2L, 3L));
        r.step(msg(MessageType.MSG_HUP, 1, 1, 0).build());
        r.step(msg(MessageType.MSG_REQUEST_VOTE_RESPONSE, 2, 1, 1).setReject(true).build());
        assertEquals(StateType.CANDIDATE, r.state);
        r.step(msg(MessageType.MSG_REQUEST_VOTE_RESPONSE, 3, 1, 1).setReject(true).build());
        assertEquals(StateType.FOLLOWER, r.state);
    }

    @Test
    void duplicateVotesAreCountedOnce() {
        Raft r = raft(1, List.of(1L, 2L, 3L, 4L, 5L));
        r.step(msg(MessageType.MSG_HUP, 1, 1, 0).build());
        r.step(msg(MessageType.MSG_REQUEST_VOTE_RESPONSE, 2, 1, 1).build());
        r.step(msg(MessageType.MSG_REQUEST_VOTE_RESPONSE, 2, 1, 1).build());
        assertEquals(StateType.CANDIDATE, r.state);
        r.step(msg(MessageType.MSG_REQUEST_VOTE_RESPONSE, 3, 1, 1).build());
        assertEquals(StateType.LEADER, r.state);
    }

    @Test
    void atMostOneVotePerTerm() {
        Raft r = raft(1, List.of(1L, 2L, 3L));
        r.step(msg(MessageType.MSG_REQUEST_VOTE, 2, 1, 5).build());
        r.step(msg(MessageType.MSG_REQUEST_VOTE, 3, 1, 5).build());
        r.step(msg(MessageType.MSG_REQUEST_VOTE, 2, 1, 5).build());
        List<Message> resp = take(r);
        assertFalse(resp.get(0).getReject(), "first candidate gets the vote");
        assertTrue(resp.get(1).getReject(), "second candidate of the same term is refused");
        assertFalse(resp.get(2).getReject(), "a repeated request from the voted candidate is granted again");
        assertEquals(2, r.vote);
        assertEquals(5, r.term);
    }

    @Test
    void voteRequiresAnUpToDateLog() {
        // our log: (1,t1) (2,t2)
        long[][] cases = {
            // lastIndex, lastTerm, granted(1/0)
            {1, 1, 0}, {5, 1, 0}, // lower last term loses whatever the length
            {1, 2, 0},            // same term, shorter
            {2, 2, 1},            // same term, same length
            {3, 2, 1},
            {1, 3, 1},            // higher last term wins even if shorter
        };
        for (long[] tc : cases) {
            Raft r = raft(1, List.of(1L, 2L, 3L), storageWith(2, 1, 2), c -> c);
            r.step(msg(MessageType.MSG_REQUEST_VOTE, 2, 1, 3).setIndex(tc[0]).setLogTerm(tc[1]).build());
            Message resp = take(r).get(0);
            assertEquals(tc[2] == 0, resp.getReject(), "candidate log (" + tc[0] + "," + tc[1] + ")");
            assertEquals(3, resp.getTerm());
        }
    }

    @Test
    void aRejectedCandidateWithAHigherTermDoesNotRestartTheElectionTimer() {
        Raft r = raft(1, List.of(1L, 2L, 3L), storageWith(1, 1, 1), c -> c);
        for (int i = 0; i < 5; i++) {
            r.tick();
        }
        r.step(msg(MessageType.MSG_REQUEST_VOTE, 2, 1, 2).setIndex(1).setLogTerm(1).build());
        assertTrue(take(r).get(0).getReject(), "candidate's log is behind ours");
        assertEquals(2, r.term);
        assertEquals(5, r.electionElapsed, "timer keeps running: we may campaign with our better log");
        r.step(msg(MessageType.MSG_REQUEST_VOTE, 3, 1, 3).setIndex(2).setLogTerm(1).build());
        assertFalse(take(r).get(0).getReject());
        assertEquals(0, r.electionElapsed, "granting a vote restarts it");
    }

    @Test
    void aHigherTermTurnsALeaderIntoAFollower() {
        Raft r = raft(1, List.of(1L, 2L, 3L));
        RaftTestUtil.makeLeader(r, 2);
        r.step(msg(MessageType.MSG_APPEND, 2, 1, 7).build());
        assertEquals(StateType.FOLLOWER, r.state);
        assertEquals(7, r.term);
        assertEquals(2, r.lead);
        assertEquals(0, r.vote);
    }

    @Test
    void aSecondLeaderInTheTermOfALeaderIsASafetyViolation() {
        Raft r = raft(1, List.of(1L, 2L, 3L));
        RaftTestUtil.makeLeader(r, 2);
        long term = r.term;
        for (MessageType t : List.of(MessageType.MSG_APPEND, MessageType.MSG_HEARTBEAT, MessageType.MSG_SNAPSHOT)) {
            SafetyViolation e = org.junit.jupiter.api.Assertions.assertThrows(SafetyViolation.class,
                    () -> r.step(msg(t, 3, 1, term).build()), t.name());
            assertTrue(e.getMessage().contains("two leaders in term " + term), e.getMessage());
        }
    }

    @Test
    void aFollowerHearingASecondLeaderOfItsTermSaysSo() {
        Raft r = raft(2, List.of(1L, 2L, 3L));
        r.step(msg(MessageType.MSG_HEARTBEAT, 1, 2, 4).build());
        assertEquals(1, r.lead);
        r.step(msg(MessageType.MSG_HEARTBEAT, 1, 2, 4).build()); // the same leader again: nothing wrong
        SafetyViolation e = org.junit.jupiter.api.Assertions.assertThrows(SafetyViolation.class,
                () -> r.step(msg(MessageType.MSG_APPEND, 3, 2, 4).build()));
        assertTrue(e.getMessage().contains("n3 sent MSG_APPEND while n1 leads it"), e.getMessage());
        assertEquals(1, r.lead, "refused: n1 stays the leader it knows (stepping it would make n3 the leader)");
        // A later term may have another leader; a follower that knows no leader of its term takes the first.
        r.step(msg(MessageType.MSG_HEARTBEAT, 3, 2, 5).build());
        assertEquals(3, r.lead);
        Raft fresh = raft(3, List.of(1L, 2L, 3L), storageWith(4, 1), c -> c);
        fresh.step(msg(MessageType.MSG_HEARTBEAT, 2, 3, 4).build());
        assertEquals(2, fresh.lead);
    }

    @Test
    void messagesOfAnOlderTermAreIgnored() {
        Raft r = raft(1, List.of(1L, 2L, 3L), storageWith(5, 1), c -> c);
        r.step(msg(MessageType.MSG_APPEND, 2, 1, 3).setIndex(1).setLogTerm(1)
                .addEntries(RaftLogTest.ent(2, 3)).build());
        assertEquals(1, r.raftLog.lastIndex(), "stale append not applied");
        assertEquals(0, r.lead);
        assertEquals(5, r.term);
        Message resp = take(r).get(0);
        assertEquals(MessageType.MSG_APPEND_RESPONSE, resp.getMsgType());
        assertEquals(5, resp.getTerm(), "the stale leader is told our term");
        assertFalse(resp.getReject());
    }

    @Test
    void aCandidateOfAnOlderTermIsRefusedWithOurTermAndCatchesUp() {
        Raft r = raft(1, List.of(1L, 2L, 3L), storageWith(5, 1), c -> c);
        r.step(msg(MessageType.MSG_REQUEST_VOTE, 2, 1, 3).setIndex(9).setLogTerm(4).build());
        Message resp = take(r).get(0);
        assertTrue(resp.getReject());
        assertEquals(5, resp.getTerm());

        Raft candidate = raft(2, List.of(1L, 2L, 3L), storageWith(2, 1), c -> c);
        candidate.step(msg(MessageType.MSG_HUP, 2, 2, 0).build());
        candidate.step(resp.toBuilder().setTo(2).build());
        assertEquals(StateType.FOLLOWER, candidate.state);
        assertEquals(5, candidate.term);
    }

    @Test
    void staleLeaderIsToldTheNewTermByHeartbeatResponse() {
        Raft r = raft(1, List.of(1L, 2L, 3L), storageWith(5, 1), c -> c.withCheckQuorum(true));
        r.step(msg(MessageType.MSG_HEARTBEAT, 2, 1, 3).build());
        List<Message> out = take(r);
        assertEquals(1, out.size());
        assertEquals(MessageType.MSG_APPEND_RESPONSE, out.get(0).getMsgType());
        assertEquals(5, out.get(0).getTerm());
    }

    @Test
    void preVoteDoesNotChangeTermsUntilItWins() {
        Raft r = raft(1, List.of(1L, 2L, 3L), new MemoryStorage(), c -> c.withPreVote(true));
        r.step(msg(MessageType.MSG_HUP, 1, 1, 0).build());
        assertEquals(StateType.PRE_CANDIDATE, r.state);
        assertEquals(0, r.term, "pre-candidate keeps its term");
        List<Message> pre = ofType(take(r), MessageType.MSG_REQUEST_PRE_VOTE);
        assertEquals(2, pre.size());
        assertEquals(1, pre.get(0).getTerm(), "asks for the next term");
        r.step(msg(MessageType.MSG_REQUEST_PRE_VOTE_RESPONSE, 2, 1, 1).build());
        assertEquals(StateType.CANDIDATE, r.state);
        assertEquals(1, r.term);
        assertEquals(2, ofType(take(r), MessageType.MSG_REQUEST_VOTE).size());
    }

    @Test
    void preVoteRequestDoesNotChangeTheVotersTermOrVote() {
        Raft r = raft(1, List.of(1L, 2L, 3L), storageWith(2, 1), c -> c.withPreVote(true));
        r.step(msg(MessageType.MSG_REQUEST_PRE_VOTE, 2, 1, 3).setIndex(1).setLogTerm(1).build());
        Message resp = take(r).get(0);
        assertFalse(resp.getReject());
        assertEquals(2, r.term);
        assertEquals(0, r.vote);
    }

    @Test
    void partitionedNodeWithPreVoteDoesNotDisruptTheLeaderWhenItReturns() {
        TestCluster c = TestCluster.of(3);
        c.elect(1);
        c.isolate(3);
        c.tickAll(100);
        assertEquals(1, c.raw(3).term(), "isolated node never won a pre-vote, so kept its term");
        c.heal();
        c.tickAll(5);
        assertEquals(1, c.leader());
        assertEquals(1, c.raw(1).term());
    }

    @Test
    void withoutPreVoteAPartitionedNodeDisruptsOnReturn() {
        // The control case of the test above: proves that test can fail.
        TestCluster c = TestCluster.of(3, cfg -> cfg.withPreVote(false).withCheckQuorum(false));
        c.elect(1);
        c.isolate(3);
        c.tickAll(100);
        assertTrue(c.raw(3).term() > 1, "isolated node inflated its term");
        c.heal();
        c.tickAll(30);
        assertTrue(c.raw(1).term() > 1, "the old leader was deposed by the higher term");
    }

    @Test
    void checkQuorumMakesAnIsolatedLeaderStepDown() {
        TestCluster c = TestCluster.of(3);
        c.elect(1);
        c.isolate(1);
        c.tick(1, 10);
        c.tick(1, 10);
        assertEquals(StateType.FOLLOWER, c.raw(1).state());
    }

    @Test
    void withoutCheckQuorumAnIsolatedLeaderStaysLeader() {
        TestCluster c = TestCluster.of(3, cfg -> cfg.withCheckQuorum(false));
        c.elect(1);
        c.isolate(1);
        c.tick(1, 50);
        assertEquals(StateType.LEADER, c.raw(1).state());
    }

    @Test
    void followerInLeaseIgnoresADisruptiveVoteRequest() {
        TestCluster c = TestCluster.of(3, cfg -> cfg.withPreVote(false));
        c.elect(1);
        // node 3 campaigns at a higher term while 1 and 2 still hear from leader 1
        c.cut(3, 1);
        c.raw(3).campaign();
        c.stabilize();
        assertEquals(1, c.raw(2).term(), "node 2 is in lease and ignored the vote");
        assertEquals(StateType.CANDIDATE, c.raw(3).state());
        assertEquals(StateType.LEADER, c.raw(1).state());
    }
}
