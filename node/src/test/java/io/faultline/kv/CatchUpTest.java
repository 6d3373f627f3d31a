package io.faultline.kv;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.faultline.kv.api.AddMemberRequest;
import io.faultline.kv.api.StatusResponse;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Nodes that are far behind (stopped, or new) catch up through a snapshot once the log was compacted. */
@Timeout(90)
class CatchUpTest {
    private static final long THRESHOLD = 200;
    private static final int WRITES = 3000;

    @TempDir
    Path dir;

    @Test
    void aNodeThatMissedThousandsOfEntriesCatchesUpBySnapshot() throws Exception {
        try (LocalCluster cluster = new LocalCluster(dir, 3, THRESHOLD)) {
            cluster.startAll();
            KvClusterTest.makeLeader(cluster, 1);
            cluster.stop(3);
            // ~2 MiB of values: the snapshot travels in several 1 MiB chunks.
            Acknowledged acked = writeConcurrently(cluster, WRITES, 700);
            StatusResponse leader = cluster.client().status(1).orElseThrow();
            assertTrue(leader.getFirstIndex() > 1000, "leader never compacted its log: " + leader);

            cluster.start(3);
            StatusResponse caughtUp = awaitApplied(cluster, 3, leader.getCommitIndex());
            assertTrue(caughtUp.getLastSnapshotIndex() > 0, "n3 caught up without a snapshot: " + caughtUp);
            KvClusterTest.makeLeader(cluster, 3);
            assertEquals(List.of(), acked.missingOn(cluster, 3));
        }
    }

    @Test
    void aFourthNodeAddedWithAddMemberCatchesUp() throws Exception {
        try (LocalCluster cluster = new LocalCluster(dir, 3, THRESHOLD)) {
            cluster.startAll();
            long leader = cluster.awaitLeader(10_000);
            Acknowledged acked = writeConcurrently(cluster, 1000, 10);

            long joiner = join(cluster, leader);
            StatusResponse leaderSays = cluster.client().status(leader).orElseThrow();
            assertEquals(List.of(1L, 2L, 3L, joiner), leaderSays.getVotersList());
            acked.put(cluster.client(), "after-join", "yes");

            StatusResponse status = awaitApplied(cluster, joiner,
                    cluster.client().status(leader).orElseThrow().getCommitIndex());
            assertEquals(List.of(1L, 2L, 3L, joiner), status.getVotersList());
            KvClusterTest.makeLeader(cluster, joiner);
            assertEquals(List.of(), acked.missingOn(cluster, joiner));
        }
    }

    /**
     * A node that joins while a member added after the cluster's start leads: its --peers (the
     * initial ones and itself) give no address for that leader, and before its first snapshot
     * nothing else does, so it learns it from the leader's frames. Nothing is written after the
     * add: no later append hides a node that cannot answer (it stayed empty for good before).
     */
    @Test
    void aNodeJoiningUnderALeaderAddedLaterCatchesUpWithNoWritesAfter() throws Exception {
        try (LocalCluster cluster = new LocalCluster(dir, 3, THRESHOLD)) {
            cluster.startAll();
            Acknowledged acked = new Acknowledged();
            for (int i = 0; i < 50; i++) acked.put(cluster.client(), "k" + i, "v" + i);
            long fourth = join(cluster, cluster.awaitLeader(10_000));
            KvClusterTest.makeLeader(cluster, fourth);
            acked.put(cluster.client(), "under-the-fourth", "yes");

            long fifth = join(cluster, fourth);
            StatusResponse status = awaitApplied(cluster, fifth,
                    cluster.client().status(fourth).orElseThrow().getCommitIndex());
            assertEquals(List.of(1L, 2L, 3L, fourth, fifth), status.getVotersList());
        }
    }

    /** Starts a joiner and adds it through {@code leader}; returns its id. */
    private static long join(LocalCluster cluster, long leader) throws InterruptedException {
        long joiner = cluster.addJoiner();
        cluster.start(joiner);
        KvClusterTest.onLeader(cluster, leader, n -> cluster.client().admin(n)
                .addMember(AddMemberRequest.newBuilder().setId(joiner).setPeerAddress(cluster.peerAddress(joiner))
                        .setClientAddress(cluster.clientAddress(joiner)).build()));
        return joiner;
    }

    private static Acknowledged writeConcurrently(LocalCluster cluster, int count, int valueBytes) throws Exception {
        Acknowledged acked = new Acknowledged();
        ExecutorService pool = Executors.newFixedThreadPool(16);
        try {
            List<Future<?>> futures = new java.util.ArrayList<>();
            for (int t = 0; t < 16; t++) {
                int thread = t;
                futures.add(pool.submit(() -> {
                    for (int i = thread; i < count; i += 16) {
                        Acknowledged.putUntilAcknowledged(cluster.client(), "k" + i, value(i, valueBytes));
                    }
                }));
            }
            for (Future<?> f : futures) f.get();
        } finally {
            pool.shutdownNow();
        }
        for (int i = 0; i < count; i++) acked.writes.put("k" + i, value(i, valueBytes));
        return acked;
    }

    private static String value(int i, int bytes) {
        String prefix = "v" + i + "-";
        return prefix + "x".repeat(Math.max(0, bytes - prefix.length()));
    }

    static StatusResponse awaitApplied(LocalCluster cluster, long node, long index) throws InterruptedException {
        long deadline = System.currentTimeMillis() + 30_000;
        StatusResponse last = null;
        while (System.currentTimeMillis() < deadline) {
            last = cluster.client().status(node).orElse(null);
            if (last != null && last.getAppliedIndex() >= index) return last;
            Thread.sleep(50);
        }
        throw new AssertionError("n" + node + " did not apply " + index + " within 30 s: " + last);
    }
}
