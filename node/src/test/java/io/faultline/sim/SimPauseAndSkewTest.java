package io.faultline.sim;

import static io.faultline.sim.SimSteps.awaitLeader;
import static io.faultline.sim.SimSteps.write;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.faultline.kv.api.GetResponse;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/**
 * The simulator's SIGSTOP and clock-skew faults on the real node code, in virtual time:
 * a paused node keeps its state and handles what reached it once it continues; a
 * paused leader wakes up believing it leads, and must not answer a read from that
 * belief; a node whose clock runs fast times out its elections sooner.
 */
class SimPauseAndSkewTest {
    private static final long SECOND = SimSteps.SECOND;

    @Test
    void aPausedLeaderIsReplacedAndDoesNotServeReadsFromItsOldBeliefWhenItContinues() {
        for (long seed = 1; seed <= 10; seed++) {
            SimCluster cluster = new SimCluster(seed, 3, List.of(), SimNetwork.Profile.calm());
            SimScheduler s = cluster.scheduler();
            SimNode old = awaitLeader(cluster, id -> true);
            long oldTerm = old.status().getTerm();
            write(cluster, old, "k", "before");

            old.pause();
            // The others elect while it is stopped (it still believes it leads: the highest term wins here).
            SimNode next = awaitLeader(cluster, id -> id != old.id());
            write(cluster, next, "k", "after");
            // Stopped, it still says what it said when it stopped: its state is kept.
            assertEquals("leader", old.status().getRole());
            assertEquals(oldTerm, old.status().getTerm());

            CompletableFuture<GetResponse> read = old.read("k");
            s.runUntil(s.now() + SECOND);
            assertFalse(read.isDone(), "seed " + seed + ": a stopped node answers nothing");
            old.resume();
            s.runUntil(s.now() + 5 * SECOND, read::isDone);
            assertTrue(read.isDone(), "seed " + seed + ": the read is answered once n" + old.id() + " continues");
            if (!read.isCompletedExceptionally()) {
                assertEquals("after", read.join().getValue(), "seed " + seed + ": a stale read from the woken leader");
            }
            assertNotEquals("leader", old.status().getRole(), "seed " + seed + ": the woken leader steps down");
        }
    }

    @Test
    void messagesToAPausedNodeWaitInItsStreamsAndArriveWhenItContinues() {
        SimCluster cluster = new SimCluster(3, 3, List.of(), SimNetwork.Profile.calm());
        SimScheduler s = cluster.scheduler();
        SimNode leader = awaitLeader(cluster, id -> true);
        SimNode follower = cluster.nodes().stream().filter(n -> n != leader).findFirst().orElseThrow();
        long before = follower.status().getLastIndex();
        follower.pause();
        write(cluster, leader, "k", "v"); // the other follower makes the quorum
        long delivered = cluster.network().delivered();
        s.runUntil(s.now() + SECOND); // shorter than the keepalive timeout: the stream survives
        assertEquals(before, follower.status().getLastIndex(), "nothing handled while stopped");
        follower.resume();
        s.runUntil(s.now() + SECOND);
        assertTrue(follower.status().getLastIndex() > before, "what waited in the stream arrived");
        assertTrue(cluster.network().delivered() > delivered);
    }

    @Test
    void aFastClockTimesOutItsElectionFirst() {
        int fastFirst = 0;
        for (long seed = 1; seed <= 10; seed++) {
            SimCluster cluster = new SimCluster(seed, 3, List.of(), SimNetwork.Profile.calm());
            cluster.node(2).tickRate(4);
            assertTrue(cluster.scheduler().runUntil(10 * SECOND, () -> cluster.leader() != 0));
            if (cluster.leader() == 2) fastFirst++;
        }
        // Four times the ticks: n2's randomised election timeout runs out first in every seed.
        assertEquals(10, fastFirst);
    }
    // The clock itself (rate changes, never going back) is TickerTest's: the node's ScaledClock.
}
