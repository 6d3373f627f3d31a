package io.faultline.kv.storage;

import com.google.protobuf.InvalidProtocolBufferException;
import io.faultline.raft.pb.Entry;
import io.faultline.raft.pb.HardState;
import java.util.function.Consumer;

/**
 * What a restart looks like for a node started with {@code --unsafe-forgetful-votes} or
 * {@code --unsafe-lost-fsync}: the writes those bugs never made durable are undone on the
 * data directory before Raft reads it. RocksDB itself keeps unsynced writes across a
 * SIGKILL (only a power loss would drop them), so the loss is simulated here.
 *
 * <ul>
 *   <li>Forgetful votes: term and vote count as never written; the node restarts at the
 *       term of its last log entry with no vote (the commit index is kept).</li>
 *   <li>Lost fsync: the log is written without sync; about once per
 *       {@link #SYNC_INTERVAL_MS} (as an OS flushing dirty pages would) a Ready records
 *       "synced through index i" in a synced batch ({@link #markSynced}).
 *       On restart the log beyond that mark is deleted, the commit index is clamped to
 *       it, and, when the log was never compacted, the state machine is emptied so it is
 *       rebuilt from the surviving log (its own unsynced writes are lost too). After a
 *       compaction the state machine cannot be rolled back, so the log is kept through
 *       the applied index.</li>
 * </ul>
 */
public final class UnsafeRestart {
    /** Time between two simulated fsyncs with {@code --unsafe-lost-fsync}. */
    public static final long SYNC_INTERVAL_MS = 1000;

    static final byte[] SYNCED_THROUGH = "unsafe_synced_through".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    private static final byte[] APPLIED = "applied".getBytes(java.nio.charset.StandardCharsets.US_ASCII);

    private UnsafeRestart() {}

    /** Stages the simulated-sync mark into {@code batch} (which the caller then writes synced). */
    public static void markSynced(DiskBatch batch, long lastIndex) {
        batch.put(Disk.Family.META, SYNCED_THROUGH, Keys.longs(lastIndex));
    }

    /** Drops the log tail past the last simulated sync; {@code log} gets one line saying what was lost. */
    public static void loseUnsyncedTail(Disk store, Consumer<String> log) {
        byte[] mark = store.get(Disk.Family.META, SYNCED_THROUGH);
        if (mark == null) return; // never ran with the flag, or killed before the first mark: nothing to judge by
        long synced = Keys.readLongs(mark, 1, "unsafe_synced_through")[0];
        long last = lastLogIndex(store);
        long truncated = truncatedIndex(store);
        byte[] appliedBytes = store.get(Disk.Family.META, APPLIED);
        long applied = appliedBytes == null ? 0 : java.nio.ByteBuffer.wrap(appliedBytes).getLong();
        boolean rebuild = truncated == 0;
        long keep = rebuild ? synced : Math.max(synced, applied);
        if (keep >= last && (!rebuild || applied <= keep)) return;
        HardState hs = hardState(store);
        DiskBatch batch = new DiskBatch();
        if (keep < last) batch.deleteRange(Disk.Family.LOG, Keys.logKey(keep + 1), Keys.logKey(last + 1));
        if (hs.getCommit() > keep) batch.put(Disk.Family.META, Keys.HARD_STATE, hs.toBuilder().setCommit(keep).build().toByteArray());
        if (rebuild && applied > 0) {
            batch.deleteRange(Disk.Family.KV, new byte[0], new byte[] {(byte) 0xFF});
            batch.put(Disk.Family.META, APPLIED, Keys.longs(0));
        }
        store.write(batch, true);
        log.accept("WARNING --unsafe-lost-fsync: simulated power loss: log cut from " + last + " to " + keep
                + " (last simulated sync), commit " + hs.getCommit() + " -> " + Math.min(hs.getCommit(), keep)
                + (rebuild && applied > 0 ? ", state machine emptied to be rebuilt from the log (applied was " + applied + ")"
                        : ""));
    }

    /** Forgets term and vote: the node restarts at its last log entry's term, having voted for nobody. */
    public static void forgetVote(Disk store, Consumer<String> log) {
        HardState hs = hardState(store);
        if (hs.getTerm() == 0) return;
        long term = Math.max(lastLogTerm(store), 0);
        if (term == hs.getTerm() && hs.getVote() == 0) return;
        HardState forgotten = hs.toBuilder().setTerm(term).setVote(0).build();
        store.write(new DiskBatch().put(Disk.Family.META, Keys.HARD_STATE, forgotten.toByteArray()), true);
        log.accept("WARNING --unsafe-forgetful-votes: forgot term " + hs.getTerm() + " and vote for n" + hs.getVote()
                + "; restarting at term " + term + " with no vote");
    }

    private static HardState hardState(Disk store) {
        byte[] bytes = store.get(Disk.Family.META, Keys.HARD_STATE);
        try {
            return bytes == null ? HardState.getDefaultInstance() : HardState.parseFrom(bytes);
        } catch (InvalidProtocolBufferException e) {
            throw new DataDirException("meta key 'hard_state' is unreadable: corrupt", e);
        }
    }

    private static long truncatedIndex(Disk store) {
        byte[] bytes = store.get(Disk.Family.META, Keys.TRUNCATED);
        return bytes == null ? 0 : Keys.readLongs(bytes, 2, "truncated")[0];
    }

    private static long truncatedTerm(Disk store) {
        byte[] bytes = store.get(Disk.Family.META, Keys.TRUNCATED);
        return bytes == null ? 0 : Keys.readLongs(bytes, 2, "truncated")[1];
    }

    private static long lastLogIndex(Disk store) {
        byte[] last = store.lastKey(Disk.Family.LOG);
        return last != null ? Keys.logIndex(last) : truncatedIndex(store);
    }

    private static long lastLogTerm(Disk store) {
        byte[] last = store.lastKey(Disk.Family.LOG);
        if (last == null) return truncatedTerm(store);
        try {
            return Entry.parseFrom(store.get(Disk.Family.LOG, last)).getTerm();
        } catch (InvalidProtocolBufferException e) {
            throw new DataDirException("log entry " + Keys.logIndex(last) + " is unreadable: corrupt", e);
        }
    }
}
