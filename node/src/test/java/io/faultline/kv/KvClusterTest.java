package io.faultline.kv;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.faultline.kv.api.TransferLeaderRequest;
import io.faultline.kv.client.ClusterClient;
import io.faultline.kv.storage.NodeIdentity;
import io.faultline.kv.storage.RocksStore;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** A 3-node cluster in this JVM: election, replication, leader changes, restarts. */
@Timeout(60)
class KvClusterTest {

    @TempDir
    Path dir;

    @Test
    void everyNodeServesEveryWriteAfterLeaderChanges() throws Exception {
        try (LocalCluster cluster = new LocalCluster(dir, 3, 10_000)) {
            cluster.startAll();
            ClusterClient client = cluster.client();
            Acknowledged acked = new Acknowledged();
            for (int i = 0; i < 50; i++) acked.put(client, "k" + i, "v" + i);
            // Each node in turn becomes leader (by transfer) and must serve every acknowledged write.
            for (long node = 1; node <= 3; node++) {
                makeLeader(cluster, node);
                acked.put(client, "after-" + node, "x" + node);
                assertEquals(List.of(), acked.missingOn(cluster, node), "n" + node);
            }
        }
    }

    @Test
    void restartingEveryNodeKeepsEveryAcknowledgedWrite() throws Exception {
        Acknowledged acked = new Acknowledged();
        try (LocalCluster cluster = new LocalCluster(dir, 3, 10_000)) {
            cluster.startAll();
            for (int i = 0; i < 100; i++) acked.put(cluster.client(), "k" + i, "v" + i);
            // One at a time, so the cluster keeps a quorum and keeps taking writes.
            for (long node = 1; node <= 3; node++) {
                cluster.stop(node);
                acked.put(cluster.client(), "while-n" + node + "-down", "y");
                cluster.start(node);
            }
            cluster.stopAll();
            cluster.startAll();
            for (long node = 1; node <= 3; node++) {
                makeLeader(cluster, node);
                assertEquals(List.of(), acked.missingOn(cluster, node), "n" + node);
            }
        }
    }

    @Test
    void theReadBackCheckCatchesALostWrite() throws Exception {
        Acknowledged acked = new Acknowledged();
        try (LocalCluster cluster = new LocalCluster(dir, 3, 10_000)) {
            cluster.startAll();
            for (int i = 0; i < 10; i++) acked.put(cluster.client(), "k" + i, "v" + i);
            cluster.stopAll();
            // Sabotage: remove k3 from every node's state machine behind Raft's back.
            for (long node = 1; node <= 3; node++) {
                var config = cluster.config(node);
                try (RocksStore store = RocksStore.open(config.dataDir(), new NodeIdentity(node, config.clusterId(),
                        io.faultline.kv.config.AddressMap.format(config.initialVoters())))) {
                    store.db().delete(store.kv(), "k3".getBytes(StandardCharsets.UTF_8));
                }
            }
            cluster.startAll();
            long leader = cluster.awaitLeader(10_000);
            List<String> missing = acked.missingOn(cluster, leader);
            assertEquals(List.of("k3: want v3, got nothing"), missing);
        }
    }

    @Test
    void aFollowerRedirectsToTheLeader() throws Exception {
        try (LocalCluster cluster = new LocalCluster(dir, 3, 10_000)) {
            cluster.startAll();
            long leader = cluster.awaitLeader(10_000);
            long follower = leader == 1 ? 2 : 1;
            var e = org.junit.jupiter.api.Assertions.assertThrows(io.grpc.StatusRuntimeException.class, () ->
                    cluster.client().kv(follower).put(io.faultline.kv.api.PutRequest.newBuilder()
                            .setKey("a").setValue("b").build()));
            var hint = io.faultline.kv.api.NotLeader.from(e);
            assertTrue(hint.isPresent(), e.toString());
            assertEquals(leader, hint.get().leaderId());
            assertEquals(cluster.clientAddress(leader), hint.get().leaderClientAddress());
            // Nothing was proposed: the key stays absent.
            assertFalse(cluster.client().get("a", 5000).getFound());
        }
    }

    @Test
    void everyAnswerSaysTheTermAndLeaderOfTheNodeThatServedIt() throws Exception {
        try (LocalCluster cluster = new LocalCluster(dir, 3, 10_000)) {
            cluster.startAll();
            long leader = cluster.awaitLeader(10_000);
            var put = onLeader(cluster, leader, n -> cluster.client().kv(n)
                    .put(io.faultline.kv.api.PutRequest.newBuilder().setKey("a").setValue("1").build()));
            var cas = onLeader(cluster, leader, n -> cluster.client().kv(n)
                    .cas(io.faultline.kv.api.CasRequest.newBuilder().setKey("a").setExpected("1").setNewValue("2").build()));
            var get = onLeader(cluster, leader, n -> cluster.client().kv(n)
                    .get(io.faultline.kv.api.GetRequest.newBuilder().setKey("a").build()));
            var delete = onLeader(cluster, leader, n -> cluster.client().kv(n)
                    .delete(io.faultline.kv.api.DeleteRequest.newBuilder().setKey("a").build()));
            long termAfter = cluster.client().status(leader).orElseThrow().getTerm();
            for (var served : List.of(put.getServed(), cas.getServed(), get.getServed(), delete.getServed())) {
                // Only a leader answers these, and it names itself; an election meanwhile could only raise the term.
                assertEquals(leader, served.getLeaderId(), "a leader names itself");
                assertTrue(served.getTerm() >= 1 && served.getTerm() <= termAfter, served + " vs term " + termAfter);
            }
            assertTrue(cas.getSwapped() && get.getValue().equals("2") && delete.getExisted(), "the answers themselves stand");
        }
    }

    /**
     * {@code call} on {@code node} as leader; should leadership move first (a slow machine
     * misses a heartbeat: NotLeader, nothing done), {@code node} is made leader again and
     * the call repeated, so a test checks what the leader does, not how fast the machine is.
     */
    static <T> T onLeader(LocalCluster cluster, long node, java.util.function.LongFunction<T> call)
            throws InterruptedException {
        for (int attempt = 1; ; attempt++) {
            try {
                return call.apply(node);
            } catch (io.grpc.StatusRuntimeException e) {
                if (io.faultline.kv.api.NotLeader.from(e).isEmpty() || attempt == 5) throw e;
                makeLeader(cluster, node);
            }
        }
    }

    static void makeLeader(LocalCluster cluster, long node) throws InterruptedException {
        for (int attempt = 0; attempt < 5; attempt++) {
            long current = cluster.awaitLeader(10_000);
            if (current == node) return;
            try {
                cluster.client().admin(current).transferLeader(TransferLeaderRequest.newBuilder().setTo(node).build());
            } catch (io.grpc.StatusRuntimeException e) {
                // the leader moved meanwhile; look again
            }
        }
        assertEquals(node, cluster.awaitLeader(10_000), "leadership did not move to n" + node);
    }
}
