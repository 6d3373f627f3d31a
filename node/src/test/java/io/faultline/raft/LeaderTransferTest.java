package io.faultline.raft;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.ByteString;
import io.faultline.raft.pb.MessageType;
import org.junit.jupiter.api.Test;

/** Leadership transfer (Raft thesis §3.10) via TimeoutNow. */
class LeaderTransferTest {

    @Test
    void anUpToDateFollowerTakesOverAtTheNextTermDespiteTheLease() {
        TestCluster c = TestCluster.of(3); // CheckQuorum on: followers are in lease
        c.elect(1);
        c.raw(1).transferLeader(2);
        c.stabilize();
        assertEquals(2, c.leader());
        assertEquals(2, c.raw(2).term());
        assertEquals(1, c.deliveredOfType(MessageType.MSG_TIMEOUT_NOW).size());
    }

    @Test
    void aLaggingFollowerIsCaughtUpFirst() {
        TestCluster c = TestCluster.of(3);
        c.elect(1);
        c.isolate(3);
        c.propose(1, "x");
        c.heal();
        c.raw(1).transferLeader(3);
        c.stabilize();
        assertEquals(3, c.leader());
        assertEquals(c.raw(1).lastIndex(), c.raw(3).lastIndex());
    }

    @Test
    void proposalsAreRefusedWhileTransferringUntilTheTransferTimesOut() {
        TestCluster c = TestCluster.of(3);
        c.elect(1);
        c.isolate(3);
        c.raw(1).transferLeader(3);
        c.stabilize();
        ProposalDroppedException e = assertThrows(ProposalDroppedException.class,
                () -> c.raw(1).propose(ByteString.copyFromUtf8("x")));
        assertTrue(e.getMessage().contains("transferred"), e.getMessage());
        c.tick(1, 10);
        assertEquals(1, c.leader());
        assertEquals(0, c.raw(1).status().leadTransferee(), "transfer aborted after an election timeout");
        c.propose(1, "x");
    }

    @Test
    void transferringToSelfOrToAStrangerDoesNothing() {
        TestCluster c = TestCluster.of(3);
        c.elect(1);
        c.raw(1).transferLeader(1);
        c.raw(1).transferLeader(9);
        c.stabilize();
        assertEquals(1, c.leader());
        assertEquals(0, c.raw(1).status().leadTransferee());
    }

    @Test
    void aFollowerForwardsTheRequestToItsLeader() {
        TestCluster c = TestCluster.of(3);
        c.elect(1);
        c.raw(3).transferLeader(3);
        c.stabilize();
        assertEquals(3, c.leader());
    }
}
