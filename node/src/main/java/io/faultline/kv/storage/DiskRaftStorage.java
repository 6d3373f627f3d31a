package io.faultline.kv.storage;

import com.google.protobuf.InvalidProtocolBufferException;
import io.faultline.raft.Storage;
import io.faultline.raft.pb.ConfState;
import io.faultline.raft.pb.Entry;
import io.faultline.raft.pb.HardState;
import io.faultline.raft.pb.Snapshot;
import io.faultline.raft.pb.SnapshotMetadata;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/**
 * The Raft log, hard state and membership on the {@link Disk}, as Raft reads them
 * ({@link Storage}). Writes are staged into a caller's {@link DiskBatch} (the
 * Ready loop writes one batch, synced, per Ready) and take effect in memory at
 * once: if the batch cannot be written the node stops.
 *
 * <p>Only the Ready loop thread may use this class.
 */
public final class DiskRaftStorage implements Storage {
    private static final int CACHE_ENTRIES = 8192;

    private final Disk store;
    private final EntryCache cache = new EntryCache(CACHE_ENTRIES);
    private final Supplier<Snapshot> snapshotSource;
    private HardState hardState;
    private ConfState confState;
    private long truncatedIndex;
    private long truncatedTerm;
    private long lastIndex;

    /**
     * @param snapshotSource builds a snapshot of the state machine at its applied index
     *                       (Raft asks when a follower is behind the first index)
     */
    public DiskRaftStorage(Disk store, Supplier<Snapshot> snapshotSource) {
        this.store = store;
        this.snapshotSource = snapshotSource;
        this.hardState = parse(store.get(Disk.Family.META, Keys.HARD_STATE), HardState.getDefaultInstance(), "hard_state");
        this.confState = parse(store.get(Disk.Family.META, Keys.CONF_STATE), ConfState.getDefaultInstance(), "conf_state");
        byte[] truncated = store.get(Disk.Family.META, Keys.TRUNCATED);
        if (truncated != null) {
            long[] values = Keys.readLongs(truncated, 2, "truncated");
            truncatedIndex = values[0];
            truncatedTerm = values[1];
        }
        lastIndex = checkLogShape();
    }

    /** Reads the stored log's bounds and refuses a log with holes or one that contradicts the hard state. */
    private long checkLogShape() {
        long[] shape = {0, -1, truncatedIndex};
        store.scanKeys(Disk.Family.LOG, Keys.logKey(0), key -> {
            long index = Keys.logIndex(key);
            if (shape[1] < 0) shape[1] = index;
            shape[2] = index;
            shape[0]++;
            return true;
        });
        long count = shape[0];
        long first = shape[1];
        long last = shape[2];
        if (count > 0 && (first != truncatedIndex + 1 || last - first + 1 != count)) {
            throw new DataDirException("its Raft log is not contiguous (first " + first + ", last " + last + ", "
                    + count + " entries, compacted through " + truncatedIndex + "): corrupt");
        }
        if (hardState.getCommit() > last) {
            throw new DataDirException("its hard state commits index " + hardState.getCommit()
                    + " but the log ends at " + last + ": corrupt");
        }
        return last;
    }

    private static <T extends com.google.protobuf.Message> T parse(byte[] bytes, T empty, String what) {
        if (bytes == null) return empty;
        try {
            @SuppressWarnings("unchecked")
            T value = (T) empty.getParserForType().parseFrom(bytes);
            return value;
        } catch (InvalidProtocolBufferException e) {
            throw new DataDirException("meta key '" + what + "' is unreadable: corrupt", e);
        }
    }

    // ---- Storage (what Raft reads) ----

    @Override
    public InitialState initialState() {
        return new InitialState(hardState, confState);
    }

    @Override
    public List<Entry> entries(long lo, long hi, long maxBytes) {
        if (lo <= truncatedIndex) throw new CompactedException(lo, firstIndex());
        if (hi > lastIndex + 1) throw new UnavailableException(hi - 1, lastIndex);
        List<Entry> result = new ArrayList<>();
        long bytes = 0;
        long index = lo;
        while (index < hi) {
            Entry cached = cache.get(index);
            if (cached == null) break;
            bytes += cached.getSerializedSize();
            if (!result.isEmpty() && bytes > maxBytes) return result;
            result.add(cached);
            index++;
        }
        if (index < hi) {
            long[] size = {bytes};
            boolean[] full = {false};
            store.scan(Disk.Family.LOG, Keys.logKey(index), (key, value) -> {
                long expected = lo + result.size();
                if (expected >= hi) return false;
                Entry entry = parseEntry(value, expected);
                if (entry.getIndex() != expected) throw new StorageFailure("log entry " + expected + " is missing", null);
                size[0] += entry.getSerializedSize();
                if (!result.isEmpty() && size[0] > maxBytes) {
                    full[0] = true;
                    return false;
                }
                result.add(entry);
                return true;
            });
            if (!full[0] && lo + result.size() < hi) {
                throw new StorageFailure("log entry " + (lo + result.size()) + " is missing", null);
            }
        }
        return result;
    }

    @Override
    public long term(long i) {
        if (i == truncatedIndex) return truncatedTerm;
        if (i < truncatedIndex) throw new CompactedException(i, firstIndex());
        if (i > lastIndex) throw new UnavailableException(i, lastIndex);
        Entry cached = cache.get(i);
        if (cached != null) return cached.getTerm();
        byte[] bytes = store.get(Disk.Family.LOG, Keys.logKey(i));
        if (bytes == null) throw new StorageFailure("log entry " + i + " is missing", null);
        return parseEntry(bytes, i).getTerm();
    }

    private static Entry parseEntry(byte[] bytes, long index) {
        try {
            return Entry.parseFrom(bytes);
        } catch (InvalidProtocolBufferException e) {
            throw new StorageFailure("log entry " + index + " is unreadable", e);
        }
    }

    @Override
    public long firstIndex() {
        return truncatedIndex + 1;
    }

    @Override
    public long lastIndex() {
        return lastIndex;
    }

    @Override
    public Snapshot snapshot() {
        return snapshotSource.get();
    }

    // ---- what the application reads ----

    public HardState hardState() {
        return hardState;
    }

    public ConfState confState() {
        return confState;
    }

    /** Index of the last entry compacted away: the last snapshot point (0 when none). */
    public long truncatedIndex() {
        return truncatedIndex;
    }

    public long truncatedTerm() {
        return truncatedTerm;
    }

    // ---- staged writes ----

    public void setHardState(DiskBatch batch, HardState state) {
        put(batch, Keys.HARD_STATE, state.toByteArray());
        hardState = state;
    }

    public void setConfState(DiskBatch batch, ConfState state) {
        put(batch, Keys.CONF_STATE, state.toByteArray());
        confState = state;
    }

    /** Appends {@code entries}, replacing any conflicting tail from the first one's index on. */
    public void append(DiskBatch batch, List<Entry> entries) {
        // Entries at or below the compaction point are committed, so by log matching they equal
        // what was compacted: skip them rather than fail.
        while (!entries.isEmpty() && entries.get(0).getIndex() <= truncatedIndex) entries = entries.subList(1, entries.size());
        if (entries.isEmpty()) return;
        long firstNew = entries.get(0).getIndex();
        long lastNew = entries.get(entries.size() - 1).getIndex();
        if (firstNew > lastIndex + 1) {
            throw new IllegalStateException("append at " + firstNew + " outside (" + truncatedIndex + ", "
                    + (lastIndex + 1) + "]");
        }
        if (lastNew < lastIndex) batch.deleteRange(Disk.Family.LOG, Keys.logKey(lastNew + 1), Keys.logKey(lastIndex + 1));
        for (Entry entry : entries) {
            batch.put(Disk.Family.LOG, Keys.logKey(entry.getIndex()), entry.toByteArray());
            cache.append(entry);
        }
        lastIndex = lastNew;
    }

    /** Replaces the whole log by a snapshot's point: the log restarts after {@code metadata.index}. */
    public void installSnapshot(DiskBatch batch, SnapshotMetadata metadata) {
        batch.deleteRange(Disk.Family.LOG, Keys.logKey(0), Keys.logKey(Long.MAX_VALUE));
        cache.clear();
        setTruncated(batch, metadata.getIndex(), metadata.getTerm());
        lastIndex = metadata.getIndex();
        setConfState(batch, metadata.getConfState());
    }

    /** Drops entries through {@code index} (already applied), keeping its term. */
    public void compact(DiskBatch batch, long index) {
        if (index <= truncatedIndex) return;
        if (index > lastIndex) throw new IllegalArgumentException("compact " + index + " past last index " + lastIndex);
        long term = term(index);
        batch.deleteRange(Disk.Family.LOG, Keys.logKey(truncatedIndex + 1), Keys.logKey(index + 1));
        cache.dropThrough(index);
        setTruncated(batch, index, term);
    }

    private void setTruncated(DiskBatch batch, long index, long term) {
        put(batch, Keys.TRUNCATED, Keys.longs(index, term));
        truncatedIndex = index;
        truncatedTerm = term;
    }

    private void put(DiskBatch batch, byte[] key, byte[] value) {
        batch.put(Disk.Family.META, key, value);
    }
}
