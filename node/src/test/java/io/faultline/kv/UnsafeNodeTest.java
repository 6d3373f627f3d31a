package io.faultline.kv;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.ByteString;
import io.faultline.kv.sm.KvStateMachine;
import io.faultline.kv.storage.NodeIdentity;
import io.faultline.kv.storage.DiskBatch;
import io.faultline.kv.storage.DiskRaftStorage;
import io.faultline.kv.storage.RocksStore;
import io.faultline.kv.storage.UnsafeRestart;
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
 * What the restart-time --unsafe-* flags do to a node's disk. What the flags do to a
 * running cluster (a cut-off leader's stale reads and early acknowledgements) is
 * tested in virtual time, in {@code io.faultline.sim.SimPartitionTest}.
 */
@Timeout(60)
class UnsafeNodeTest {
    private static final NodeIdentity N1 = new NodeIdentity(1, 0xabcL, "1=a:1,2=b:1,3=c:1");

    @TempDir
    Path dir;

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
