package io.faultline.kv.loop;

import io.faultline.kv.storage.DiskBatch;
import io.faultline.kv.storage.UnsafeRestart;
import io.faultline.raft.Ready;
import io.faultline.raft.pb.HardState;
import io.faultline.raft.pb.Message;
import java.util.concurrent.TimeUnit;

/**
 * Whether the batch that persists a Ready is fsynced, and which of its messages may
 * leave before that batch is durable.
 *
 * <p>The rule (etcd's {@code MustSync}): a Ready must be synced iff it carries entries
 * or a snapshot, or changes the term or the vote. Those are promises: a vote granted,
 * entries acknowledged to a leader, a term never to be gone back on. A Ready that only
 * moves the commit index is written without a sync: a crash may lose it, and the node
 * then restarts with an older commit index, which Raft re-learns from the leader.
 * (What is applied is written after the commit index on the same log, so it is never
 * durable without it.)
 *
 * <p>Messages wait for the sync, with one exception: a leader's own appends (and
 * heartbeats, snapshots, read-index answers, timeout-now), when the Ready changes
 * neither term nor vote, leave before the leader's entries are durable (Raft thesis
 * §10.2.1). They promise nothing about the leader's disk, and the leader counts its
 * own entries towards a commit only once a follower's answer is stepped, which happens
 * after this Ready's batch is synced (the Ready is handled to the end first). Votes,
 * vote and append answers, and any message of a Ready that changes the term or vote
 * always leave after the sync.
 */
public interface SyncPolicy {
    /**
     * Decides for the batch of {@code rd}; {@code durable} is the hard state before it.
     * May stage bookkeeping of its own into {@code batch}.
     */
    boolean sync(Ready rd, HardState durable, DiskBatch batch, long lastIndex);

    /** The correct node: sync exactly when {@link #mustSync} says so. */
    SyncPolicy MUST_SYNC = (rd, durable, batch, lastIndex) -> mustSync(rd, durable);

    static boolean mustSync(Ready rd, HardState durable) {
        return !rd.entries().isEmpty() || hasSnapshot(rd) || changesTermOrVote(rd, durable);
    }

    static boolean hasSnapshot(Ready rd) {
        return rd.snapshot() != null && rd.snapshot().getMetadata().getIndex() > 0;
    }

    static boolean changesTermOrVote(Ready rd, HardState durable) {
        HardState next = rd.hardState();
        return next != null && (next.getTerm() != durable.getTerm() || next.getVote() != durable.getVote());
    }

    /** Whether {@code m} of {@code rd}, handled by a node that {@code leads}, may be sent before the Ready is synced. */
    static boolean mayLeaveBeforeSync(Message m, boolean leads, Ready rd, HardState durable) {
        if (!leads || changesTermOrVote(rd, durable)) return false;
        return switch (m.getMsgType()) {
            case MSG_APPEND, MSG_HEARTBEAT, MSG_SNAPSHOT, MSG_TIMEOUT_NOW, MSG_READ_INDEX_RESPONSE -> true;
            default -> false;
        };
    }

    /**
     * {@code --unsafe-lost-fsync}: one synced batch per {@link UnsafeRestart#SYNC_INTERVAL_MS},
     * as an OS flushing dirty pages would; it records the index it made durable.
     */
    static SyncPolicy lostFsync(Clock clock) {
        long interval = TimeUnit.MILLISECONDS.toNanos(UnsafeRestart.SYNC_INTERVAL_MS);
        long[] lastSync = {clock.nanos()};
        return (rd, durable, batch, lastIndex) -> {
            long now = clock.nanos();
            if (now - lastSync[0] < interval) return false;
            lastSync[0] = now;
            UnsafeRestart.markSynced(batch, lastIndex);
            return true;
        };
    }
}
