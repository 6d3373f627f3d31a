package io.faultline.raft;

import io.faultline.raft.pb.ConfState;
import io.faultline.raft.pb.Entry;
import io.faultline.raft.pb.HardState;
import io.faultline.raft.pb.Snapshot;
import java.util.List;

/**
 * What Raft reads of the application's stable storage. Raft never writes through
 * this interface: the application persists what {@link Ready} hands it.
 *
 * <p>Indices below {@link #firstIndex()} were compacted into a snapshot; the term
 * of {@code firstIndex() - 1} stays readable (it is the snapshot's term).
 */
public interface Storage {

    /** Hard state and membership as of the last persisted state. */
    InitialState initialState();

    /** Entries in {@code [lo, hi)}, at most {@code maxBytes} of them (always at least one). */
    List<Entry> entries(long lo, long hi, long maxBytes);

    /** Term of entry {@code i}, for {@code firstIndex() - 1 <= i <= lastIndex()}. */
    long term(long i);

    long firstIndex();

    long lastIndex();

    /** The most recent snapshot; may be {@link SnapshotTemporarilyUnavailableException}. */
    Snapshot snapshot();

    record InitialState(HardState hardState, ConfState confState) {}

    /** {@code term} or {@code entries} asked for a compacted index. */
    final class CompactedException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        public CompactedException(long index, long firstIndex) {
            super("index " + index + " is compacted (first index is " + firstIndex + ")");
        }
    }

    /** {@code term} or {@code entries} asked past the last index. */
    final class UnavailableException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        public UnavailableException(long index, long lastIndex) {
            super("index " + index + " is past the last index " + lastIndex);
        }
    }

    /** A snapshot is being prepared; Raft retries later. */
    final class SnapshotTemporarilyUnavailableException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        public SnapshotTemporarilyUnavailableException() {
            super("snapshot temporarily unavailable");
        }
    }
}
