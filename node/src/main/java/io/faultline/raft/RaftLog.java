package io.faultline.raft;

import io.faultline.raft.pb.Entry;
import io.faultline.raft.pb.Snapshot;
import java.util.ArrayList;
import java.util.List;

/**
 * The Raft log as TinyKV draws it:
 *
 * <pre>
 *  snapshot/first.....applied....committed....stabled.....last
 *  --------|------------------------------------------------|
 *                            log entries
 * </pre>
 *
 * It keeps every entry not yet compacted, stable or not, in memory; {@code stabled}
 * separates what the application persisted from what it still has to persist.
 * Element 0 of {@code entries} is a dummy carrying the index and term of the last
 * compacted entry (the snapshot), so the term of {@code firstIndex() - 1} is known.
 *
 * <p>Invariants: {@code firstIndex() - 1 ≤ applied ≤ committed ≤ lastIndex()},
 * {@code firstIndex() - 1 ≤ stabled ≤ lastIndex()}.
 */
public final class RaftLog {

    private final Storage storage;
    private long committed;
    private long applied;
    private long stabled;
    private final ArrayList<Entry> entries = new ArrayList<>();
    private Snapshot pendingSnapshot;

    RaftLog(Storage storage, long committed) {
        this.storage = storage;
        long first = storage.firstIndex();
        long last = storage.lastIndex();
        entries.add(dummy(first - 1, storage.term(first - 1)));
        if (last >= first) {
            entries.addAll(storage.entries(first, last + 1, Long.MAX_VALUE));
        }
        this.stabled = last;
        this.applied = first - 1;
        if (committed < first - 1 || committed > last) {
            throw new IllegalStateException("hard state commit " + committed + " is outside the stored log ["
                    + (first - 1) + ", " + last + "]");
        }
        this.committed = committed;
    }

    public long committed() {
        return committed;
    }

    public long applied() {
        return applied;
    }

    public long stabled() {
        return stabled;
    }

    /** The snapshot received but not yet persisted, or null. */
    public Snapshot pendingSnapshot() {
        return pendingSnapshot;
    }

    public long firstIndex() {
        return offset() + 1;
    }

    public long lastIndex() {
        return offset() + entries.size() - 1;
    }

    public long lastTerm() {
        return entries.get(entries.size() - 1).getTerm();
    }

    /**
     * Term of entry {@code i}, for {@code firstIndex() - 1 ≤ i ≤ lastIndex()}.
     *
     * @throws Storage.CompactedException below that range
     * @throws Storage.UnavailableException above it
     */
    public long term(long i) {
        long t = termOrMinus1(i);
        if (t >= 0) {
            return t;
        }
        if (i < offset()) {
            throw new Storage.CompactedException(i, firstIndex());
        }
        throw new Storage.UnavailableException(i, lastIndex());
    }

    /** Term of entry {@code i}, or -1 if it is compacted or not there yet. */
    long termOrMinus1(long i) {
        long offset = offset();
        if (i < offset || i - offset >= entries.size()) {
            return -1;
        }
        return entries.get((int) (i - offset)).getTerm();
    }

    boolean matchTerm(long i, long term) {
        return termOrMinus1(i) == term;
    }

    /** Entries not yet persisted by the application (index > stabled). */
    public List<Entry> unstableEntries() {
        return slice(stabled + 1, lastIndex() + 1);
    }

    /** Entries committed but not applied yet (applied < index ≤ committed). */
    public List<Entry> nextEnts() {
        return slice(Math.max(applied + 1, firstIndex()), committed + 1);
    }

    /** As {@link #nextEnts()}, but at most {@code maxBytes} of them (at least one). */
    List<Entry> nextEnts(long maxBytes) {
        long lo = Math.max(applied + 1, firstIndex());
        if (lo > committed) {
            return List.of();
        }
        long offset = offset();
        return List.copyOf(limitSize(entries.subList((int) (lo - offset), (int) (committed + 1 - offset)), maxBytes));
    }

    boolean hasNextEnts() {
        return committed > Math.max(applied, offset());
    }

    /** Entries from {@code lo} to the end, at most {@code maxBytes} (at least one); null if {@code lo} is compacted. */
    List<Entry> entriesFrom(long lo, long maxBytes) {
        if (lo <= offset()) {
            return null;
        }
        if (lo > lastIndex()) {
            return List.of();
        }
        long offset = offset();
        return limitSize(entries.subList((int) (lo - offset), entries.size()), maxBytes);
    }

    /** Entries in [lo, hi), which must lie within [firstIndex, lastIndex + 1]. */
    List<Entry> slice(long lo, long hi) {
        if (lo >= hi) {
            return List.of();
        }
        long offset = offset();
        if (lo <= offset || hi > lastIndex() + 1) {
            throw new IllegalArgumentException("slice [" + lo + ", " + hi + ") is outside ["
                    + (offset + 1) + ", " + (lastIndex() + 1) + ")");
        }
        // An immutable copy: Ready's List.copyOf then keeps it as is instead of copying again.
        return List.copyOf(entries.subList((int) (lo - offset), (int) (hi - offset)));
    }

    /**
     * The largest index at or below {@code index} whose entry has a term at or below
     * {@code term}: every entry above it has a higher term, so none of them can match a log
     * whose entry at that index has {@code term}, and a rejected append may skip them all at
     * once. Terms never decrease along a log, so a binary search finds it. Never answers below
     * the first index we can still read (the compaction point); {@code index} above our last
     * index counts as our last index.
     */
    long lastIndexWithTermAtMost(long index, long term) {
        long lo = offset();
        long hi = Math.min(index, lastIndex());
        if (hi <= lo) {
            return Math.max(hi, 0);
        }
        while (lo < hi) {
            long mid = lo + (hi - lo + 1) / 2;
            if (entries.get((int) (mid - offset())).getTerm() <= term) {
                lo = mid;
            } else {
                hi = mid - 1;
            }
        }
        return lo;
    }

    /** Is a log ending at ({@code lastIndex}, {@code lastTerm}) at least as up to date as ours? */
    boolean isUpToDate(long lastIndex, long lastTerm) {
        return lastTerm > lastTerm() || (lastTerm == lastTerm() && lastIndex >= lastIndex());
    }

    /**
     * The follower side of an append: if our entry at {@code index} has {@code logTerm},
     * appends {@code ents} (truncating a conflicting tail) and commits up to
     * min(commit, last new index). Returns the last new index, or -1 if the terms do
     * not match.
     */
    long maybeAppend(long index, long logTerm, long commit, List<Entry> ents) {
        if (!matchTerm(index, logTerm)) {
            return -1;
        }
        long lastNew = index + ents.size();
        long conflict = findConflict(ents);
        if (conflict != 0) {
            if (conflict <= committed) {
                throw new SafetyViolation("entry " + conflict + " (term " + termOrMinus1(conflict)
                        + " here, " + ents.get((int) (conflict - ents.get(0).getIndex())).getTerm()
                        + " in the append) conflicts with committed entry (committed " + committed + ")");
            }
            append(ents.subList((int) (conflict - ents.get(0).getIndex()), ents.size()));
        }
        commitTo(Math.min(commit, lastNew));
        return lastNew;
    }

    /**
     * First index in {@code ents} whose term differs from ours (or is new), or 0. An entry
     * we hold with the same index and term must be the same entry (Log Matching): only the
     * one leader of that term makes entries of it. Other contents prove two leaders of it.
     */
    private long findConflict(List<Entry> ents) {
        for (Entry e : ents) {
            if (!matchTerm(e.getIndex(), e.getTerm())) {
                return e.getIndex();
            }
            if (e.getIndex() > offset()) {
                Entry ours = entries.get((int) (e.getIndex() - offset()));
                if (!ours.equals(e)) {
                    throw new SafetyViolation("entry " + e.getIndex() + " of term " + e.getTerm()
                            + " differs from the one this node holds at that index and term: two leaders"
                            + " appended there in term " + e.getTerm());
                }
            }
        }
        return 0;
    }

    /** Appends {@code ents}, replacing any entries at or after the first one's index. */
    long append(List<Entry> ents) {
        if (ents.isEmpty()) {
            return lastIndex();
        }
        long after = ents.get(0).getIndex();
        if (after - 1 < committed) {
            throw new SafetyViolation("append at " + after + " would overwrite committed " + committed);
        }
        if (after > lastIndex() + 1) {
            throw new IllegalStateException("append at " + after + " leaves a gap after " + lastIndex());
        }
        entries.subList((int) (after - offset()), entries.size()).clear();
        entries.addAll(ents);
        stabled = Math.min(stabled, after - 1);
        return lastIndex();
    }

    void commitTo(long tocommit) {
        if (tocommit > committed) {
            if (tocommit > lastIndex()) {
                throw new IllegalStateException("commit " + tocommit + " is past the last index " + lastIndex());
            }
            committed = tocommit;
        }
    }

    /** Commits {@code maxIndex} if it is newer and (unless {@code anyTerm}) of {@code term}. */
    boolean maybeCommit(long maxIndex, long term, boolean anyTerm) {
        if (maxIndex > committed && (anyTerm || termOrMinus1(maxIndex) == term)) {
            commitTo(maxIndex);
            return true;
        }
        return false;
    }

    /** Moves applied forward; an older index (e.g. a Ready overtaken by a snapshot) is ignored. */
    void appliedTo(long i) {
        if (i <= applied) {
            return;
        }
        if (i > committed) {
            throw new IllegalStateException("applied " + i + " is past the commit index " + committed);
        }
        applied = i;
    }

    void stableTo(long index, long term) {
        if (index > stabled && matchTerm(index, term)) {
            stabled = index;
        }
    }

    void stableSnapTo(long index) {
        if (pendingSnapshot != null && pendingSnapshot.getMetadata().getIndex() == index) {
            pendingSnapshot = null;
        }
    }

    /** Replaces the whole log by a snapshot the application will persist with the next Ready. */
    void restore(Snapshot snap) {
        long index = snap.getMetadata().getIndex();
        entries.clear();
        entries.add(dummy(index, snap.getMetadata().getTerm()));
        committed = index;
        applied = index;
        stabled = index;
        pendingSnapshot = snap;
    }

    /** Drops in-memory entries the storage has compacted away. */
    public void maybeCompact() {
        long storageFirst = storage.firstIndex();
        long offset = offset();
        if (storageFirst - 1 <= offset || pendingSnapshot != null) {
            return;
        }
        long newOffset = Math.min(storageFirst - 1, Math.min(applied, stabled));
        if (newOffset <= offset) {
            return;
        }
        int cut = (int) (newOffset - offset);
        Entry newDummy = dummy(newOffset, entries.get(cut).getTerm());
        entries.subList(0, cut + 1).clear();
        entries.add(0, newDummy);
    }

    Storage storage() {
        return storage;
    }

    private long offset() {
        return entries.get(0).getIndex();
    }

    private static Entry dummy(long index, long term) {
        return Entry.newBuilder().setIndex(index).setTerm(term).build();
    }

    /** The longest prefix of {@code ents} within {@code maxBytes}, but at least one entry. */
    static List<Entry> limitSize(List<Entry> ents, long maxBytes) {
        if (ents.isEmpty()) {
            return List.of();
        }
        long size = ents.get(0).getSerializedSize();
        int n = 1;
        while (n < ents.size()) {
            size += ents.get(n).getSerializedSize();
            if (size > maxBytes) {
                break;
            }
            n++;
        }
        return new ArrayList<>(ents.subList(0, n));
    }
}
