package io.faultline.raft;

import com.google.protobuf.ByteString;
import io.faultline.raft.pb.ConfState;
import io.faultline.raft.pb.Entry;
import io.faultline.raft.pb.HardState;
import io.faultline.raft.pb.Snapshot;
import io.faultline.raft.pb.SnapshotMetadata;
import java.util.ArrayList;
import java.util.List;

/**
 * {@link Storage} kept in memory, for tests, the simulator and benchmarks. The
 * application writes what {@link Ready} hands it through the mutators below.
 *
 * <p>Element 0 of the entry list is a dummy holding the index and term of the last
 * compacted entry (the snapshot's), so {@code term(firstIndex() - 1)} always answers.
 * Methods are synchronized: an application may read it from another thread.
 */
public final class MemoryStorage implements Storage {

    private HardState hardState = HardState.getDefaultInstance();
    private ConfState confState = ConfState.getDefaultInstance();
    private Snapshot snapshot = Snapshot.getDefaultInstance();
    private final ArrayList<Entry> ents = new ArrayList<>();

    public MemoryStorage() {
        ents.add(Entry.getDefaultInstance());
    }

    /** Storage for a brand-new cluster whose voters are {@code voters}. */
    public static MemoryStorage withVoters(List<Long> voters) {
        MemoryStorage s = new MemoryStorage();
        s.setConfState(ConfState.newBuilder().addAllVoters(voters).build());
        return s;
    }

    @Override
    public synchronized InitialState initialState() {
        return new InitialState(hardState, confState);
    }

    @Override
    public synchronized List<Entry> entries(long lo, long hi, long maxBytes) {
        long offset = offset();
        if (lo <= offset) {
            throw new CompactedException(lo, offset + 1);
        }
        if (hi > lastIndex() + 1) {
            throw new UnavailableException(hi - 1, lastIndex());
        }
        if (lo >= hi) {
            return List.of();
        }
        return RaftLog.limitSize(ents.subList((int) (lo - offset), (int) (hi - offset)), maxBytes);
    }

    @Override
    public synchronized long term(long i) {
        long offset = offset();
        if (i < offset) {
            throw new CompactedException(i, offset + 1);
        }
        if (i - offset >= ents.size()) {
            throw new UnavailableException(i, lastIndex());
        }
        return ents.get((int) (i - offset)).getTerm();
    }

    @Override
    public synchronized long firstIndex() {
        return offset() + 1;
    }

    @Override
    public synchronized long lastIndex() {
        return offset() + ents.size() - 1;
    }

    @Override
    public synchronized Snapshot snapshot() {
        return snapshot;
    }

    public synchronized HardState hardState() {
        return hardState;
    }

    public synchronized ConfState confState() {
        return confState;
    }

    public synchronized void setHardState(HardState hs) {
        hardState = hs;
    }

    public synchronized void setConfState(ConfState cs) {
        confState = cs;
    }

    /**
     * Replaces the whole log by {@code snap} (as a follower does on receiving one).
     * An older snapshot than the current one is ignored.
     */
    public synchronized void applySnapshot(Snapshot snap) {
        SnapshotMetadata md = snap.getMetadata();
        if (md.getIndex() <= snapshot.getMetadata().getIndex()) {
            return;
        }
        snapshot = snap;
        confState = md.getConfState();
        ents.clear();
        ents.add(dummy(md.getIndex(), md.getTerm()));
    }

    /**
     * Records a snapshot of the state machine as of {@code index} (≤ last index);
     * the log is not compacted by this (see {@link #compact}).
     */
    public synchronized Snapshot createSnapshot(long index, ConfState cs, ByteString data) {
        if (index <= snapshot.getMetadata().getIndex()) {
            throw new IllegalArgumentException("snapshot index " + index + " is not newer than "
                    + snapshot.getMetadata().getIndex());
        }
        if (index > lastIndex()) {
            throw new IllegalArgumentException("snapshot index " + index + " is past the last index " + lastIndex());
        }
        snapshot = Snapshot.newBuilder()
                .setData(data)
                .setMetadata(SnapshotMetadata.newBuilder()
                        .setIndex(index)
                        .setTerm(term(index))
                        .setConfState(cs))
                .build();
        return snapshot;
    }

    /** Discards entries up to and including {@code index} (which must be ≤ last index). */
    public synchronized void compact(long index) {
        long offset = offset();
        if (index <= offset) {
            return;
        }
        if (index > lastIndex()) {
            throw new IllegalArgumentException("compact index " + index + " is past the last index " + lastIndex());
        }
        int cut = (int) (index - offset);
        Entry newDummy = dummy(index, ents.get(cut).getTerm());
        ents.subList(0, cut + 1).clear();
        ents.add(0, newDummy);
    }

    /**
     * Appends entries persisted from a {@link Ready}; an entry at an index already
     * present replaces it and everything after it (a conflicting tail).
     */
    public synchronized void append(List<Entry> entries) {
        if (entries.isEmpty()) {
            return;
        }
        long first = firstIndex();
        long newLast = entries.get(entries.size() - 1).getIndex();
        if (newLast < first) {
            return; // all compacted already
        }
        int skip = first > entries.get(0).getIndex() ? (int) (first - entries.get(0).getIndex()) : 0;
        long start = entries.get(skip).getIndex();
        long offset = offset();
        if (start > lastIndex() + 1) {
            throw new IllegalArgumentException("missing log entries: last index " + lastIndex()
                    + ", appending at " + start);
        }
        ents.subList((int) (start - offset), ents.size()).clear();
        ents.addAll(entries.subList(skip, entries.size()));
    }

    private long offset() {
        return ents.get(0).getIndex();
    }

    private static Entry dummy(long index, long term) {
        return Entry.newBuilder().setIndex(index).setTerm(term).build();
    }
}
