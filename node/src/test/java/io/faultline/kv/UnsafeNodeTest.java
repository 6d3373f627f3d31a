package io.faultline.kv;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.ByteString;
import io.faultline.kv.api.GetRequest;
import io.faultline.kv.api.GetResponse;
import io.faultline.kv.api.PutRequest;
import io.faultline.kv.sm.KvStateMachine;
import io.faultline.kv.storage.NodeIdentity;
import io.faultline.kv.storage.DiskBatch;
import io.faultline.kv.storage.DiskRaftStorage;
import io.faultline.kv.storage.RocksStore;
import io.faultline.kv.storage.UnsafeRestart;
import io.faultline.node.UnsafeFlags;
import io.faultline.raft.pb.Entry;
import io.faultline.raft.pb.HardState;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Each --unsafe-* flag really breaks the node the way it says (the safe behaviour is
 * covered by {@link PartitionTest} and {@link KvClusterTest}).
 */
@Timeout(60)
class UnsafeNodeTest {
    private static final UnsafeFlags STALE_READS = new UnsafeFlags(true, false, false, false, false);
    private static final UnsafeFlags EARLY_ACK = new UnsafeFlags(false, true, false, false, false);
    private static final NodeIdentity N1 = new NodeIdentity(1, 0xabcL, "1=a:1,2=b:1,3=c:1");

    @TempDir
    Path dir;

    @Test
    void staleReadsLetAnIsolatedOldLeaderAndAFollowerAnswerFromLocalState() throws Exception {
        try (LocalCluster cluster = new LocalCluster(dir, 3, 10_000).unsafe(STALE_READS)) {
            cluster.startAll();
            KvClusterTest.makeLeader(cluster, 1);
            cluster.client().put("x", "old", 5000);
            assertEquals(List.of("--unsafe-stale-reads"), cluster.client().status(2).orElseThrow().getUnsafeFlagsList());

            cluster.isolate(1, true);
            long newLeader = cluster.awaitLeaderAmong(2, 3);
            cluster.client().kv(newLeader).put(PutRequest.newBuilder().setKey("x").setValue("new").build());

            GetResponse stale = cluster.client().kv(1).get(GetRequest.newBuilder().setKey("x").build());
            assertEquals("old", stale.getValue(), "the cut-off old leader answers from its own state");
            long follower = newLeader == 2 ? 3 : 2;
            assertTrue(cluster.client().kv(follower).get(GetRequest.newBuilder().setKey("x").build()).getFound(),
                    "a follower answers a Get instead of redirecting");
        }
    }

    @Test
    void earlyAckLetsAnIsolatedLeaderAcknowledgeAWriteThatIsThenLost() throws Exception {
        try (LocalCluster cluster = new LocalCluster(dir, 3, 10_000).unsafe(EARLY_ACK)) {
            cluster.startAll();
            KvClusterTest.makeLeader(cluster, 1);
            cluster.client().put("x", "before", 5000);

            cluster.isolate(1, true);
            // Answered OK although no follower can have it: appended on n1 only.
            cluster.client().kv(1).put(PutRequest.newBuilder().setKey("y").setValue("acknowledged").build());

            long newLeader = cluster.awaitLeaderAmong(2, 3);
            cluster.client().kv(newLeader).put(PutRequest.newBuilder().setKey("x").setValue("after").build());
            cluster.isolate(1, false);
            assertEquals("after", cluster.client().get("x", 10_000).getValue());
            assertFalse(cluster.client().get("y", 10_000).getFound(), "the acknowledged write was lost");
        }
    }

    @Test
    void forgetfulVotesRestartAtTheLastLogTermWithNoVote() {
        try (RocksStore store = RocksStore.open(dir, N1)) {
            DiskRaftStorage log = new DiskRaftStorage(store, () -> null);
            {
                DiskBatch batch = new DiskBatch();
                log.append(batch, entries(1, 4, 2));
                log.setHardState(batch, HardState.newBuilder().setTerm(5).setVote(3).setCommit(4).build());
                store.write(batch, true);
            }
        }
        List<String> lines = new ArrayList<>();
        try (RocksStore store = RocksStore.open(dir, N1)) {
            UnsafeRestart.forgetVote(store, lines::add);
            HardState hs = new DiskRaftStorage(store, () -> null).initialState().hardState();
            assertEquals(HardState.newBuilder().setTerm(2).setVote(0).setCommit(4).build(), hs);
        }
        assertEquals(1, lines.size());
        assertTrue(lines.get(0).contains("forgot term 5 and vote for n3"), lines.get(0));
    }

    @Test
    void lostFsyncDropsTheLogPastTheLastSyncAndRebuildsTheStateMachine() throws Exception {
        try (RocksStore store = RocksStore.open(dir, N1)) {
            DiskRaftStorage log = new DiskRaftStorage(store, () -> null);
            {
                DiskBatch batch = new DiskBatch();
                log.append(batch, entries(1, 10, 1));
                log.setHardState(batch, HardState.newBuilder().setTerm(1).setVote(1).setCommit(9).build());
                UnsafeRestart.markSynced(batch, 6);
                batch.put(io.faultline.kv.storage.Disk.Family.META, "applied".getBytes(StandardCharsets.US_ASCII),
                        ByteBuffer.allocate(8).putLong(8).array());
                batch.put(io.faultline.kv.storage.Disk.Family.KV, "k".getBytes(StandardCharsets.UTF_8), "v".getBytes(StandardCharsets.UTF_8));
                store.write(batch, true);
            }
        }
        List<String> lines = new ArrayList<>();
        try (RocksStore store = RocksStore.open(dir, N1)) {
            UnsafeRestart.loseUnsyncedTail(store, lines::add);
            DiskRaftStorage log = new DiskRaftStorage(store, () -> null);
            assertEquals(6, log.lastIndex());
            assertEquals(6, log.initialState().hardState().getCommit());
            KvStateMachine machine = new KvStateMachine(store, log);
            assertEquals(0, machine.applied());
            assertTrue(machine.get(ByteString.copyFromUtf8("k")).isEmpty());
        }
        assertTrue(lines.get(0).contains("log cut from 10 to 6"), lines.toString());
    }

    private static List<Entry> entries(long from, long to, long term) {
        List<Entry> result = new ArrayList<>();
        for (long i = from; i <= to; i++) {
            result.add(Entry.newBuilder().setIndex(i).setTerm(term).setData(ByteString.copyFromUtf8("e" + i)).build());
        }
        return result;
    }
}
