package io.faultline.kv;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.faultline.kv.api.StatusResponse;
import io.faultline.kv.loop.CrashPoint;
import io.faultline.node.UnsafeFlags;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The after-vote-grant crash point, and what it exposes: a node that crashes right
 * after granting its vote must still remember it when it restarts. With
 * {@code --unsafe-forgetful-votes} it does not, and two nodes lead the same term.
 */
@Timeout(90)
class CrashPointTest {
    private static final UnsafeFlags FORGETFUL_VOTES = new UnsafeFlags(false, false, true, false, false);

    @TempDir
    Path dir;

    /** Who did what in one run of the scenario. */
    private record Outcome(long granter, long candidate, long candidateTerm, long winner, long winnerTerm) {}

    @Test
    void aHealthyNodeRemembersTheVoteItGaveJustBeforeItCrashed() throws Exception {
        Outcome o = voteThenCrash(UnsafeFlags.NONE);
        assertTrue(o.winnerTerm() > o.candidateTerm(),
                "the other side must elect in a later term than n" + o.candidate() + ": " + o);
    }

    @Test
    void aForgetfulNodeVotesTwiceInOneTermAndTwoNodesLeadIt() throws Exception {
        Outcome o = voteThenCrash(FORGETFUL_VOTES);
        assertEquals(o.candidateTerm(), o.winnerTerm(),
                "n" + o.granter() + " forgot its vote for n" + o.candidate() + " and elected n" + o.winner()
                        + " in the same term: " + o);
    }

    @Test
    void anArmedNodeThatGrantsNothingRunsOn() throws Exception {
        try (LocalCluster cluster = new LocalCluster(dir, 3, 10_000)) {
            cluster.startAll();
            long leader = cluster.awaitLeader(10_000);
            CompletableFuture<Void> crashed = new CompletableFuture<>();
            cluster.node(leader).loop().onCrash(() -> crashed.complete(null));
            cluster.node(leader).loop().armCrashPoint(CrashPoint.AFTER_VOTE_GRANT);
            assertEquals("after-vote-grant", cluster.client().status(leader).orElseThrow().getCrashPoint());
            cluster.client().put("k", "v", 5000);
            Thread.sleep(1000);
            assertTrue(!crashed.isDone() && cluster.client().status(leader).isPresent(), "the leader grants no vote");
        }
    }

    @Test
    void afterCommitTheLeaderAnswersItsClientThenHaltsAndTheWriteSurvives() throws Exception {
        try (LocalCluster cluster = new LocalCluster(dir, 3, 10_000)) {
            cluster.startAll();
            // A write first: a new leader's own first commit (its term's empty entry) must
            // not be the one the crash point fires on, which a slow machine can delay.
            cluster.client().put("warm-up", "done", 10_000);
            long leader = cluster.awaitLeader(10_000);
            CompletableFuture<Void> crashed = new CompletableFuture<>();
            cluster.node(leader).loop().onCrash(() -> crashed.complete(null));
            cluster.node(leader).loop().armCrashPoint(CrashPoint.AFTER_COMMIT);
            cluster.client().kv(leader).put(io.faultline.kv.api.PutRequest.newBuilder().setKey("k").setValue("v").build());
            crashed.get(10, TimeUnit.SECONDS);
            cluster.stop(leader);
            assertEquals("v", cluster.client().get("k", 10_000).getValue(), "a committed write outlives the leader");
        }
    }

    /**
     * Both followers armed, the leader stopped: the first vote granted in the new term
     * T crashes its granter G, and the candidate C it voted for is then cut off. The old
     * leader and G restart. G must refuse anyone else in T, so the leader they elect
     * must be of a later term.
     */
    private Outcome voteThenCrash(UnsafeFlags flags) throws Exception {
        try (LocalCluster cluster = new LocalCluster(dir, 3, 10_000).unsafe(flags)) {
            cluster.startAll();
            long old = cluster.awaitLeader(10_000);
            Map<Long, CompletableFuture<Long>> crashes = new LinkedHashMap<>();
            for (long id = 1; id <= 3; id++) {
                if (id == old) continue;
                long self = id;
                CompletableFuture<Long> crashed = new CompletableFuture<>();
                crashes.put(id, crashed);
                cluster.node(id).loop().onCrash(() -> crashed.complete(self));
                cluster.node(id).loop().armCrashPoint(CrashPoint.AFTER_VOTE_GRANT);
            }
            cluster.stop(old);
            long granter = (Long) CompletableFuture.anyOf(crashes.values().toArray(CompletableFuture[]::new))
                    .get(15, TimeUnit.SECONDS);
            List<Long> rest = new ArrayList<>(crashes.keySet());
            rest.remove(granter);
            long candidate = rest.get(0);
            cluster.isolate(candidate, true);
            cluster.node(candidate).loop().armCrashPoint(CrashPoint.NONE);
            cluster.stop(granter);
            StatusResponse c = cluster.client().status(candidate).orElseThrow();

            cluster.start(old);
            cluster.start(granter);
            long winner = cluster.awaitLeaderAmong(old, granter);
            long winnerTerm = cluster.client().status(winner).orElseThrow().getTerm();
            return new Outcome(granter, candidate, c.getTerm(), winner, winnerTerm);
        }
    }
}
