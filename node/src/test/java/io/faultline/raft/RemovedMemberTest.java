package io.faultline.raft;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.ByteString;
import io.faultline.raft.pb.ConfChange;
import io.faultline.raft.pb.ConfChangeType;
import java.util.List;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;

/**
 * What a removed member that never learns of its removal can do. It still believes in the
 * old configuration and campaigns in it, but it lacks the committed removal, and a
 * majority of the old configuration holds it, so it can never collect a quorum (votes or
 * pre-votes). Without PreVote and CheckQuorum its vote requests still raise the voters'
 * terms and depose their leader once per election timeout of its own; PreVote keeps its
 * term where it is (its pre-votes fail), and CheckQuorum makes voters that heard from their
 * leader within an election timeout ignore it.
 */
class RemovedMemberTest {

    /** Five nodes, leader 1, n5 cut off while its removal commits, then the network heals. */
    private static TestCluster removedWithoutKnowing(UnaryOperator<RaftConfig> tweak) {
        TestCluster c = TestCluster.of(5, tweak);
        c.elect(1);
        c.propose(1, "before");
        c.isolate(5);
        c.raw(1).proposeConfChange(ConfChange.newBuilder().setChangeType(ConfChangeType.REMOVE_NODE).setNodeId(5).build());
        c.stabilize();
        c.heal();
        assertEquals(List.of(1L, 2L, 3L, 4L), c.raw(1).status().voters());
        assertEquals(List.of(1L, 2L, 3L, 4L, 5L), c.raw(5).status().voters(), "n5 does not know");
        return c;
    }

    /** Lets only n5's clock run for {@code ticks}; whether its term went up. */
    private static boolean campaignsRaiseItsTerm(TestCluster c, int ticks) {
        long before = c.raw(5).term();
        c.tick(5, ticks);
        return c.raw(5).term() > before;
    }

    @Test
    void withoutPreVoteOrCheckQuorumItDeposesTheLeaderButNeverWins() {
        TestCluster c = removedWithoutKnowing(cfg -> cfg.withPreVote(false).withCheckQuorum(false));
        long term = c.raw(1).term();
        assertTrue(campaignsRaiseItsTerm(c, 40), "n5 campaigned");
        assertEquals(StateType.FOLLOWER, c.raw(1).state(), "its vote request deposed the leader");
        assertTrue(c.raw(1).term() > term, "and raised the leader's term");
        assertNotEquals(StateType.LEADER, c.raw(5).state(), "but it won no election");
        // Between its campaigns the voters elect a leader among themselves and commit.
        ByteString after = ByteString.copyFromUtf8("after");
        for (int t = 0; t < 200 && !c.node(2).appliedData().contains(after); t++) {
            c.tickAll(1);
            long lead = c.leader();
            assertNotEquals(5L, lead);
            if (lead != 0) {
                c.propose(lead, "after");
            }
        }
        assertTrue(c.node(2).appliedData().contains(after), "the voters made progress");
    }

    @Test
    void withPreVoteItsCampaignsChangeNoTerm() {
        TestCluster c = removedWithoutKnowing(cfg -> cfg.withPreVote(true).withCheckQuorum(false));
        long term = c.raw(1).term();
        assertFalse(campaignsRaiseItsTerm(c, 100));
        assertEquals(StateType.LEADER, c.raw(1).state());
        assertEquals(term, c.raw(1).term());
        assertEquals(term, c.raw(5).term(), "every pre-vote failed: its log lacks the removal");
    }

    @Test
    void withCheckQuorumVotersInTheirLeasesIgnoreIt() {
        TestCluster c = removedWithoutKnowing(cfg -> cfg.withPreVote(false).withCheckQuorum(true));
        long term = c.raw(1).term();
        assertTrue(campaignsRaiseItsTerm(c, 100), "n5 campaigned");
        assertEquals(StateType.LEADER, c.raw(1).state());
        assertEquals(term, c.raw(1).term(), "nobody adopted its term");
    }

    @Test
    void aMemberThatAppliedItsRemovalNeverCampaigns() {
        TestCluster c = TestCluster.of(5, cfg -> cfg.withPreVote(false).withCheckQuorum(false));
        c.elect(1);
        c.raw(1).proposeConfChange(ConfChange.newBuilder().setChangeType(ConfChangeType.REMOVE_NODE).setNodeId(5).build());
        c.stabilize();
        c.tickAll(3);
        assertEquals(List.of(1L, 2L, 3L, 4L), c.raw(5).status().voters(), "n5 applied its removal");
        long term = c.raw(5).term();
        c.tick(5, 200);
        assertEquals(term, c.raw(5).term());
        assertEquals(StateType.FOLLOWER, c.raw(5).state());
    }
}
