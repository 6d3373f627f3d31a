package io.faultline.kv.storage;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.rocksdb.ColumnFamilyDescriptor;
import org.rocksdb.ColumnFamilyHandle;
import org.rocksdb.ColumnFamilyOptions;
import org.rocksdb.DBOptions;
import org.rocksdb.InfoLogLevel;
import org.rocksdb.RocksDB;
import org.rocksdb.RocksDBException;
import org.rocksdb.RocksIterator;
import org.rocksdb.WriteBatch;
import org.rocksdb.WriteOptions;

/**
 * One RocksDB database per data directory, with three column families: meta
 * (identity, hard state, conf state, applied index, truncation point, members),
 * the Raft log, and the KV data. Every change goes through a {@link WriteBatch},
 * so a crash leaves either all or none of it.
 */
public final class RocksStore implements Disk, AutoCloseable {
    static {
        RocksDB.loadLibrary();
    }

    /** Loads RocksDB's native library now (it is loaded once per process, at the latest by {@link #open}). */
    public static void loadLibrary() {
        RocksDB.loadLibrary();
    }

    private static final byte[] LOG_CF = "log".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] KV_CF = "kv".getBytes(StandardCharsets.US_ASCII);

    private final Path dir;
    private final DBOptions dbOptions;
    private final ColumnFamilyOptions cfOptions;
    private final RocksDB db;
    private final List<ColumnFamilyHandle> handles;
    private final WriteOptions syncWrite;
    private final WriteOptions plainWrite;
    private final boolean fresh;

    private RocksStore(Path dir, DBOptions dbOptions, ColumnFamilyOptions cfOptions, RocksDB db,
            List<ColumnFamilyHandle> handles, boolean fresh) {
        this.dir = dir;
        this.dbOptions = dbOptions;
        this.cfOptions = cfOptions;
        this.db = db;
        this.handles = handles;
        this.fresh = fresh;
        this.syncWrite = new WriteOptions().setSync(true);
        this.plainWrite = new WriteOptions();
    }

    /**
     * Opens (or creates) the store and checks that it belongs to {@code identity}.
     * Refuses, without touching it, a directory that is not a RocksDB database, is
     * locked by another process, is corrupt, or belongs to another node or cluster.
     */
    public static RocksStore open(Path dir, NodeIdentity identity) {
        boolean hasCurrent = Files.exists(dir.resolve("CURRENT"));
        if (!hasCurrent && Files.isDirectory(dir) && !isEmpty(dir)) {
            throw new DataDirException("it is not empty and holds no RocksDB database (no CURRENT file): "
                    + "not a faultline data directory, or a damaged one");
        }
        if (Files.exists(dir) && !Files.isDirectory(dir)) throw new DataDirException("it is not a directory");
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new DataDirException("cannot create it: " + e.getMessage(), e);
        }
        DBOptions dbOptions = new DBOptions()
                .setCreateIfMissing(true)
                .setCreateMissingColumnFamilies(true)
                .setParanoidChecks(true)
                .setKeepLogFileNum(2)
                .setInfoLogLevel(InfoLogLevel.WARN_LEVEL);
        ColumnFamilyOptions cfOptions = new ColumnFamilyOptions().setWriteBufferSize(16L << 20);
        List<ColumnFamilyDescriptor> descriptors = List.of(
                new ColumnFamilyDescriptor(RocksDB.DEFAULT_COLUMN_FAMILY, cfOptions),
                new ColumnFamilyDescriptor(LOG_CF, cfOptions),
                new ColumnFamilyDescriptor(KV_CF, cfOptions));
        List<ColumnFamilyHandle> handles = new ArrayList<>();
        RocksDB db;
        try {
            db = RocksDB.open(dbOptions, dir.toString(), descriptors, handles);
        } catch (RocksDBException e) {
            dbOptions.close();
            cfOptions.close();
            throw new DataDirException("RocksDB cannot open it (corrupt, or in use by another process): "
                    + e.getMessage(), e);
        }
        RocksStore store = new RocksStore(dir, dbOptions, cfOptions, db, handles, !hasCurrent);
        try {
            store.checkIdentity(identity);
        } catch (RuntimeException e) {
            store.close();
            throw e;
        }
        return store;
    }

    private static boolean isEmpty(Path dir) {
        try (Stream<Path> entries = Files.list(dir)) {
            return entries.findAny().isEmpty();
        } catch (IOException e) {
            throw new DataDirException("cannot list it: " + e.getMessage(), e);
        }
    }

    private void checkIdentity(NodeIdentity expected) {
        byte[] stored = get(meta(), Keys.IDENTITY);
        if (stored == null) {
            // A node killed between creating the database and writing its identity
            // leaves an empty database: adopting it loses nothing.
            if (!isEmpty(meta()) || !isEmpty(log()) || !isEmpty(kv())) {
                throw new DataDirException("it holds data but no identity record: corrupt, or not written by faultline");
            }
            put(Keys.IDENTITY, expected.encode());
            return;
        }
        NodeIdentity actual = NodeIdentity.decode(stored);
        if (actual.nodeId() != expected.nodeId()) {
            throw new DataDirException("it belongs to node " + actual.nodeId() + ", but this is node " + expected.nodeId());
        }
        if (actual.clusterId() != expected.clusterId()) {
            throw new DataDirException("it belongs to another cluster (initial peers " + actual.initialPeers()
                    + "), but this node's peer list gives " + expected.initialPeers()
                    + "; pass the cluster's initial --peers or use an empty directory");
        }
    }

    private boolean isEmpty(ColumnFamilyHandle cf) {
        try (RocksIterator it = db.newIterator(cf)) {
            it.seekToFirst();
            return !it.isValid();
        }
    }

    /** True when this open created the database. */
    public boolean fresh() {
        return fresh;
    }

    public Path dir() {
        return dir;
    }

    ColumnFamilyHandle meta() {
        return handles.get(0);
    }

    public ColumnFamilyHandle log() {
        return handles.get(1);
    }

    public ColumnFamilyHandle kv() {
        return handles.get(2);
    }

    public RocksDB db() {
        return db;
    }

    public byte[] get(ColumnFamilyHandle cf, byte[] key) {
        try {
            return db.get(cf, key);
        } catch (RocksDBException e) {
            throw new StorageFailure("read failed in " + dir, e);
        }
    }

    byte[] getMeta(byte[] key) {
        return get(meta(), key);
    }

    private void put(byte[] key, byte[] value) {
        try (WriteBatch batch = new WriteBatch()) {
            batch.put(meta(), key, value);
            write(batch, true);
        } catch (RocksDBException e) {
            throw new StorageFailure("write failed in " + dir, e);
        }
    }

    /** Writes {@code batch} atomically; {@code sync} makes it durable before returning (fsync of the WAL). */
    public void write(WriteBatch batch, boolean sync) {
        try {
            db.write(sync ? syncWrite : plainWrite, batch);
        } catch (RocksDBException e) {
            throw new StorageFailure("write failed in " + dir, e);
        }
    }

    @Override
    public byte[] get(Family family, byte[] key) {
        return get(handle(family), key);
    }

    @Override
    public void write(DiskBatch batch, boolean sync) {
        try (WriteBatch rocks = new WriteBatch()) {
            for (DiskBatch.Op op : batch.ops()) {
                ColumnFamilyHandle cf = handle(op.family());
                if (op instanceof DiskBatch.Put p) rocks.put(cf, p.key(), p.value());
                else if (op instanceof DiskBatch.Delete d) rocks.delete(cf, d.key());
                else if (op instanceof DiskBatch.DeleteRange r) rocks.deleteRange(cf, r.from(), r.to());
            }
            write(rocks, sync);
        } catch (RocksDBException e) {
            throw new StorageFailure("staging a write failed in " + dir, e);
        }
    }

    @Override
    public void scan(Family family, byte[] from, Visitor visitor) {
        try (RocksIterator it = db.newIterator(handle(family))) {
            for (it.seek(from); it.isValid(); it.next()) {
                if (!visitor.visit(it.key(), it.value())) return;
            }
        }
    }

    /** Copies no value out of RocksDB. */
    @Override
    public void scanKeys(Family family, byte[] from, KeyVisitor visitor) {
        try (RocksIterator it = db.newIterator(handle(family))) {
            for (it.seek(from); it.isValid(); it.next()) {
                if (!visitor.visit(it.key())) return;
            }
        }
    }

    @Override
    public byte[] lastKey(Family family) {
        try (RocksIterator it = db.newIterator(handle(family))) {
            it.seekToLast();
            return it.isValid() ? it.key() : null;
        }
    }

    private ColumnFamilyHandle handle(Family family) {
        return handles.get(family.ordinal());
    }

    public RocksIterator iterator(ColumnFamilyHandle cf) {
        return db.newIterator(cf);
    }

    @Override
    public void close() {
        for (ColumnFamilyHandle handle : handles) handle.close();
        db.close();
        syncWrite.close();
        plainWrite.close();
        cfOptions.close();
        dbOptions.close();
    }
}
