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
 * The crash points on real in-JVM nodes. What the after-vote-grant point exposes (a
 * forgotten vote, two leaders of one term) depends on election timing, so it is
 * tested in the simulator, in virtual time ({@code io.faultline.sim.SimVoteCrashTest}).
 */
@Timeout(90)
class CrashPointTest {
    @TempDir
    Path dir;

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
}
