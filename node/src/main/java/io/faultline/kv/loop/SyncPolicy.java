package io.faultline.kv.loop;

import io.faultline.kv.storage.DiskBatch;
import io.faultline.kv.storage.UnsafeRestart;
import io.faultline.raft.Ready;
import java.util.concurrent.TimeUnit;

/**
 * Whether the batch that persists a Ready is fsynced. The correct node syncs every
 * batch that carries entries, a snapshot or a hard state, since they are promises
 * (votes, acknowledged appends) made before the Ready's messages leave. A policy sees
 * the whole Ready, so finer rules (e.g. no sync for a commit-only hard state) fit here.
 */
public interface SyncPolicy {
    /** Decides for the batch of {@code rd}; may stage bookkeeping of its own into {@code batch}. */
    boolean sync(Ready rd, DiskBatch batch, long lastIndex);

    SyncPolicy ALWAYS = (rd, batch, lastIndex) -> true;

    /**
     * {@code --unsafe-lost-fsync}: one synced batch per {@link UnsafeRestart#SYNC_INTERVAL_MS},
     * as an OS flushing dirty pages would; it records the index it made durable.
     */
    static SyncPolicy lostFsync(Clock clock) {
        long interval = TimeUnit.MILLISECONDS.toNanos(UnsafeRestart.SYNC_INTERVAL_MS);
        long[] lastSync = {clock.nanos()};
        return (rd, batch, lastIndex) -> {
            long now = clock.nanos();
            if (now - lastSync[0] < interval) return false;
            lastSync[0] = now;
            UnsafeRestart.markSynced(batch, lastIndex);
            return true;
        };
    }
}
