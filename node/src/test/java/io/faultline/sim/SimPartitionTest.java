package io.faultline.sim;

import static io.faultline.sim.SimSteps.SECOND;
import static io.faultline.sim.SimSteps.awaitLeader;
import static io.faultline.sim.SimSteps.isolate;
import static io.faultline.sim.SimSteps.put;
import static io.faultline.sim.SimSteps.runUntilDone;
import static io.faultline.sim.SimSteps.write;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.faultline.kv.api.GetResponse;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.Test;

/**
 * A cut-off leader and the answers its clients get, on the real node code in virtual
 * time (these were wall-clock tests on in-JVM gRPC nodes; on a loaded machine the
 * node's 3 s request timeout ran out before the partition healed, and a leader could
 * change between finding it and arming it).
 */
class SimPartitionTest {

    @Test
    void aWriteWhoseIndexWentToAnotherEntryFailsForSure() {
        for (long seed = 1; seed <= 10; seed++) {
            SimCluster cluster = new SimCluster(seed, 3, List.of(), SimNetwork.Profile.calm());
            SimNode old = awaitLeader(cluster, id -> true);
            write(cluster, old, "x", "old");

            isolate(cluster, old.id(), true);
            CompletableFuture<com.google.protobuf.Message> lost = put(old, "y", "lost");
            SimNode next = awaitLeader(cluster, id -> id != old.id());
            write(cluster, next, "x", "new");
            isolate(cluster, old.id(), false);

            runUntilDone(cluster, lost, 10);
            assertEquals(Status.Code.ABORTED, code(lost),
                    "seed " + seed + ": its index now holds another entry: a definite failure, not a timeout");
            CompletableFuture<GetResponse> y = next.read("y");
            runUntilDone(cluster, y, 5);
            assertFalse(y.join().getFound(), "seed " + seed);
        }
    }

    @Test
    void anIsolatedLeaderNeitherServesReadsNorAcknowledgesWrites() {
        for (long seed = 1; seed <= 10; seed++) {
            SimCluster cluster = new SimCluster(seed, 3, List.of(), SimNetwork.Profile.calm());
            SimNode old = awaitLeader(cluster, id -> true);
            write(cluster, old, "x", "old");

            isolate(cluster, old.id(), true);
            CompletableFuture<GetResponse> read = old.read("x");
            CompletableFuture<com.google.protobuf.Message> write = put(old, "y", "unconfirmed");
            SimNode next = awaitLeader(cluster, id -> id != old.id());
            write(cluster, next, "x", "new");

            runUntilDone(cluster, read, 10);
            runUntilDone(cluster, write, 10);
            assertTrue(read.isCompletedExceptionally(), "seed " + seed + ": the cut-off leader served a read: " + read);
            Status.Code code = code(write);
            assertTrue(code == Status.Code.UNAVAILABLE || code == Status.Code.DEADLINE_EXCEEDED,
                    "seed " + seed + ": a proposed write is answered as outcome unknown, got " + code);
            assertTrue(!old.status().getRole().equals("leader"), "seed " + seed + ": the cut-off leader stepped down");

            isolate(cluster, old.id(), false);
            CompletableFuture<GetResponse> after = next.read("x");
            runUntilDone(cluster, after, 5);
            assertEquals("new", after.join().getValue());
        }
    }

    @Test
    void afterCommitTheLeaderAnswersItsClientThenHaltsAndTheWriteSurvives() {
        for (long seed = 1; seed <= 10; seed++) {
            SimCluster cluster = new SimCluster(seed, 3, List.of(), SimNetwork.Profile.calm());
            SimNode leader = awaitLeader(cluster, id -> true);
            // Past the leader's own first commit (its term's empty entry), which the crash point would take.
            write(cluster, leader, "warm-up", "done");
            leader.arm(SimNode.CrashStep.AFTER_COMMIT);
            CompletableFuture<com.google.protobuf.Message> acked = put(leader, "k", "v");
            runUntilDone(cluster, acked, 5);
            assertTrue(acked.isDone() && !acked.isCompletedExceptionally(), "seed " + seed + ": answered: " + acked);
            assertFalse(leader.up(), "seed " + seed + ": halted at the commit");

            SimNode next = awaitLeader(cluster, id -> id != leader.id());
            CompletableFuture<GetResponse> read = next.read("k");
            runUntilDone(cluster, read, 5);
            assertEquals("v", read.join().getValue(), "seed " + seed + ": a committed write outlives the leader");
        }
    }

    @Test
    void anArmedLeaderThatGrantsNoVoteRunsOn() {
        for (long seed = 1; seed <= 10; seed++) {
            SimCluster cluster = new SimCluster(seed, 3, List.of(), SimNetwork.Profile.calm());
            SimNode leader = awaitLeader(cluster, id -> true);
            leader.arm(SimNode.CrashStep.AFTER_VOTE_GRANT);
            write(cluster, leader, "k", "v");
            cluster.scheduler().runUntil(cluster.scheduler().now() + 5 * SECOND);
            assertTrue(leader.up(), "seed " + seed + ": a leader grants no vote, so the crash point never fires");
            assertEquals("leader", leader.status().getRole());
        }
    }

    /** --unsafe-stale-reads: the cut-off old leader answers from its own state, and so does a follower. */
    @Test
    void staleReadsLetAnIsolatedOldLeaderAndAFollowerAnswerFromLocalState() {
        SimCluster cluster = new SimCluster(1, 3, List.of("--unsafe-stale-reads", "--i-know-this-is-unsafe"),
                SimNetwork.Profile.calm());
        SimNode old = awaitLeader(cluster, id -> true);
        write(cluster, old, "x", "old");
        isolate(cluster, old.id(), true);
        SimNode next = awaitLeader(cluster, id -> id != old.id());
        write(cluster, next, "x", "new");

        CompletableFuture<GetResponse> stale = old.read("x");
        runUntilDone(cluster, stale, 1);
        assertEquals("old", stale.join().getValue(), "the cut-off old leader answers from its own state");
        SimNode follower = cluster.nodes().stream().filter(n -> n != old && n != next).findFirst().orElseThrow();
        CompletableFuture<GetResponse> local = follower.read("x");
        runUntilDone(cluster, local, 1);
        assertTrue(local.join().getFound(), "a follower answers a Get instead of redirecting");
    }

    /** --unsafe-early-ack: a cut-off leader acknowledges a write it only appended, which is then lost. */
    @Test
    void earlyAckLetsAnIsolatedLeaderAcknowledgeAWriteThatIsThenLost() {
        SimCluster cluster = new SimCluster(1, 3, List.of("--unsafe-early-ack", "--i-know-this-is-unsafe"),
                SimNetwork.Profile.calm());
        SimNode old = awaitLeader(cluster, id -> true);
        write(cluster, old, "x", "before");
        isolate(cluster, old.id(), true);
        write(cluster, old, "y", "acknowledged"); // answered OK although no follower can have it
        SimNode next = awaitLeader(cluster, id -> id != old.id());
        write(cluster, next, "x", "after");
        isolate(cluster, old.id(), false);
        cluster.scheduler().runUntil(cluster.scheduler().now() + 2 * SECOND);
        CompletableFuture<GetResponse> y = cluster.node(cluster.leader()).read("y");
        runUntilDone(cluster, y, 5);
        assertFalse(y.join().getFound(), "the acknowledged write was lost");
    }

    private static Status.Code code(CompletableFuture<?> future) {
        assertTrue(future.isCompletedExceptionally(), "failed: " + future);
        try {
            future.join();
            throw new AssertionError("not failed");
        } catch (CompletionException e) {
            return ((StatusRuntimeException) e.getCause()).getStatus().getCode();
        }
    }
}
