package io.faultline.kv;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.faultline.kv.storage.DataDirException;
import io.faultline.kv.storage.NodeIdentity;
import io.faultline.kv.storage.DiskBatch;
import io.faultline.kv.storage.DiskRaftStorage;
import io.faultline.kv.storage.RocksStore;
import io.faultline.raft.Storage;
import io.faultline.raft.pb.Entry;
import io.faultline.raft.pb.HardState;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The data directory: refused when foreign or damaged (and left as it was), and the log behaves as Raft's Storage. */
class DataDirTest {
    private static final NodeIdentity N1 = new NodeIdentity(1, 0xabcL, "1=a:1,2=b:1,3=c:1");

    @TempDir
    Path dir;

    @Test
    void anotherNodesDirectoryIsRefused() {
        RocksStore.open(dir, N1).close();
        DataDirException e = assertThrows(DataDirException.class,
                () -> RocksStore.open(dir, new NodeIdentity(2, 0xabcL, "1=a:1,2=b:1,3=c:1")));
        assertTrue(e.getMessage().contains("belongs to node 1, but this is node 2"), e.getMessage());
    }

    @Test
    void anotherClustersDirectoryIsRefused() {
        RocksStore.open(dir, N1).close();
        DataDirException e = assertThrows(DataDirException.class,
                () -> RocksStore.open(dir, new NodeIdentity(1, 0xdefL, "1=x:1,2=y:1,3=z:1")));
        assertTrue(e.getMessage().contains("another cluster"), e.getMessage());
    }

    @Test
    void aDirectoryWithForeignFilesIsRefusedAndNotTouched() throws Exception {
        Files.writeString(dir.resolve("notes.txt"), "mine");
        DataDirException e = assertThrows(DataDirException.class, () -> RocksStore.open(dir, N1));
        assertTrue(e.getMessage().contains("no RocksDB database"), e.getMessage());
        try (var files = Files.list(dir)) {
            assertEquals(List.of(dir.resolve("notes.txt")), files.toList());
        }
    }

    @Test
    void aCorruptDatabaseIsRefusedAndNotWiped() throws Exception {
        try (RocksStore store = RocksStore.open(dir, N1)) {
            store.db().put(new byte[] {1}, new byte[] {2});
        }
        Path current = dir.resolve("CURRENT");
        Files.writeString(current, "MANIFEST-999999\n");
        DataDirException e = assertThrows(DataDirException.class, () -> RocksStore.open(dir, N1));
        assertTrue(e.getMessage().contains("RocksDB cannot open it"), e.getMessage());
        assertEquals("MANIFEST-999999\n", Files.readString(current));
    }

    @Test
    void aLogWithAHoleIsRefused() {
        try (RocksStore store = RocksStore.open(dir, N1)) {
            DiskRaftStorage log = new DiskRaftStorage(store, () -> null);
            {
                DiskBatch batch = new DiskBatch();
                log.append(batch, entries(1, 5, 1));
                store.write(batch, true);
            }
            store.db().delete(store.log(), key(3));
        } catch (org.rocksdb.RocksDBException e) {
            throw new AssertionError(e);
        }
        try (RocksStore store = RocksStore.open(dir, N1)) {
            DataDirException e = assertThrows(DataDirException.class, () -> new DiskRaftStorage(store, () -> null));
            assertTrue(e.getMessage().contains("not contiguous"), e.getMessage());
        }
    }

    @Test
    void theLogSurvivesReopenAndTruncatesConflictsAndCompacts() {
        try (RocksStore store = RocksStore.open(dir, N1)) {
            DiskRaftStorage log = new DiskRaftStorage(store, () -> null);
            {
                DiskBatch batch = new DiskBatch();
                log.append(batch, entries(1, 10, 1));
                log.setHardState(batch, HardState.newBuilder().setTerm(2).setVote(1).setCommit(6).build());
                store.write(batch, true);
            }
            {
                DiskBatch batch = new DiskBatch();
                log.append(batch, entries(8, 9, 2)); // replaces 8..10 by 8..9 of term 2
                store.write(batch, true);
            }
            assertEquals(9, log.lastIndex());
            {
                DiskBatch batch = new DiskBatch();
                log.compact(batch, 5);
                store.write(batch, true);
            }
        }
        try (RocksStore store = RocksStore.open(dir, N1)) {
            DiskRaftStorage log = new DiskRaftStorage(store, () -> null);
            assertEquals(6, log.firstIndex());
            assertEquals(9, log.lastIndex());
            assertEquals(1, log.term(5));
            assertEquals(2, log.term(9));
            assertEquals(6, log.initialState().hardState().getCommit());
            assertThrows(Storage.CompactedException.class, () -> log.term(4));
            assertThrows(Storage.UnavailableException.class, () -> log.term(10));
            assertEquals(List.of(6L, 7L, 8L, 9L), log.entries(6, 10, Long.MAX_VALUE).stream().map(Entry::getIndex).toList());
            assertEquals(1, log.entries(6, 10, 0).size(), "at least one entry even over the byte budget");
        }
    }

    private static byte[] key(long index) {
        return java.nio.ByteBuffer.allocate(8).putLong(index).array();
    }

    private static List<Entry> entries(long from, long to, long term) {
        List<Entry> result = new ArrayList<>();
        for (long i = from; i <= to; i++) {
            result.add(Entry.newBuilder().setIndex(i).setTerm(term)
                    .setData(com.google.protobuf.ByteString.copyFromUtf8("e" + i)).build());
        }
        return result;
    }
}
