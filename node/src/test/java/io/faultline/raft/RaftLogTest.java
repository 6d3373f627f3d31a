package io.faultline.raft;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.ByteString;
import io.faultline.raft.pb.ConfState;
import io.faultline.raft.pb.Entry;
import io.faultline.raft.pb.HardState;
import io.faultline.raft.pb.Snapshot;
import io.faultline.raft.pb.SnapshotMetadata;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class RaftLogTest {

    static Entry ent(long index, long term) {
        return Entry.newBuilder().setIndex(index).setTerm(term).build();
    }

    /** Entries 1..terms.length with the given terms. */
    static List<Entry> ents(long... terms) {
        List<Entry> out = new ArrayList<>();
        for (int i = 0; i < terms.length; i++) {
            out.add(ent(i + 1, terms[i]));
        }
        return out;
    }

    static void assertInvariants(RaftLog log) {
        assertTrue(log.firstIndex() - 1 <= log.applied(), "first-1 <= applied");
        assertTrue(log.applied() <= log.committed(), "applied <= committed");
        assertTrue(log.committed() <= log.lastIndex(), "committed <= last");
        assertTrue(log.firstIndex() - 1 <= log.stabled(), "first-1 <= stabled");
        assertTrue(log.stabled() <= log.lastIndex(), "stabled <= last");
    }

    private static RaftLog logOver(List<Entry> stable, long commit) {
        MemoryStorage s = new MemoryStorage();
        s.append(stable);
        return new RaftLog(s, commit);
    }

    @Test
    void newLogLoadsStorageAndStartsAppliedAtSnapshot() {
        RaftLog log = logOver(ents(1, 1, 2), 2);
        assertEquals(1, log.firstIndex());
        assertEquals(3, log.lastIndex());
        assertEquals(3, log.stabled());
        assertEquals(2, log.committed());
        assertEquals(0, log.applied());
        assertEquals(2, log.term(3));
        assertEquals(0, log.term(0));
        assertEquals(List.of(ent(1, 1), ent(2, 1)), log.nextEnts());
        assertTrue(log.unstableEntries().isEmpty());
        assertInvariants(log);
    }

    @Test
    void termOutsideTheLogThrows() {
        RaftLog log = logOver(ents(1, 1), 0);
        assertThrows(Storage.UnavailableException.class, () -> log.term(3));
        assertEquals(-1, log.termOrMinus1(3));
    }

    @Test
    void appendMarksEntriesUnstableAndStableToAdvances() {
        RaftLog log = logOver(ents(1), 1);
        log.append(List.of(ent(2, 2), ent(3, 2)));
        assertEquals(List.of(ent(2, 2), ent(3, 2)), log.unstableEntries());
        log.stableTo(3, 2);
        assertTrue(log.unstableEntries().isEmpty());
        // a stale stableTo (wrong term) does nothing
        log.append(List.of(ent(3, 3)));
        log.stableTo(3, 2);
        assertEquals(List.of(ent(3, 3)), log.unstableEntries());
        assertInvariants(log);
    }

    @Test
    void maybeAppendRejectsOnTermMismatchAndRepairsConflicts() {
        RaftLog log = logOver(ents(1, 2, 2), 1);
        assertEquals(-1, log.maybeAppend(3, 3, 3, List.of(ent(4, 3))), "prev term mismatch");
        assertEquals(-1, log.maybeAppend(4, 2, 3, List.of(ent(5, 3))), "gap");
        // conflict at index 3 (term 2 vs 3): the tail is replaced
        assertEquals(4, log.maybeAppend(2, 2, 3, List.of(ent(3, 3), ent(4, 3))));
        assertEquals(3, log.term(3));
        assertEquals(4, log.lastIndex());
        assertEquals(2, log.stabled(), "stabled drops below the replaced tail");
        assertEquals(3, log.committed(), "commit is min(leader commit, last new)");
        // duplicate of what we have: no truncation
        assertEquals(3, log.maybeAppend(2, 2, 3, List.of(ent(3, 3))));
        assertEquals(4, log.lastIndex());
        assertInvariants(log);
    }

    @Test
    void conflictWithCommittedEntryIsRefused() {
        RaftLog log = logOver(ents(1, 1, 1), 3);
        assertThrows(SafetyViolation.class, () -> log.maybeAppend(1, 1, 3, List.of(ent(2, 2))));
    }

    @Test
    void anEntryOfTheSameIndexAndTermWithOtherContentsIsASafetyViolation() {
        RaftLog log = logOver(ents(1, 2), 1);
        Entry ours = ent(2, 2);
        assertEquals(2, log.maybeAppend(1, 1, 1, List.of(ours)), "the same entry again is no news");
        Entry other = ours.toBuilder().setData(ByteString.copyFromUtf8("x")).build();
        SafetyViolation e = assertThrows(SafetyViolation.class, () -> log.maybeAppend(1, 1, 1, List.of(other)));
        assertTrue(e.getMessage().contains("two leaders appended there in term 2"), e.getMessage());
        assertEquals(ours, log.slice(2, 3).get(0), "our entry stays");
    }

    @Test
    void commitNeverGoesBackAndNeverPastLast() {
        RaftLog log = logOver(ents(1, 1), 2);
        log.commitTo(1);
        assertEquals(2, log.committed());
        assertThrows(IllegalStateException.class, () -> log.commitTo(3));
    }

    @Test
    void maybeCommitOnlyCommitsEntriesOfTheGivenTerm() {
        RaftLog log = logOver(ents(1, 2), 0);
        assertTrue(!log.maybeCommit(2, 3, false), "term 2 entry is not committed by a term-3 leader");
        assertEquals(0, log.committed());
        assertTrue(log.maybeCommit(2, 2, false));
        assertEquals(2, log.committed());
    }

    @Test
    void nextEntsRespectsApplied() {
        RaftLog log = logOver(ents(1, 1, 1), 3);
        log.appliedTo(1);
        assertEquals(List.of(ent(2, 1), ent(3, 1)), log.nextEnts());
        log.appliedTo(3);
        assertTrue(log.nextEnts().isEmpty());
        assertTrue(!log.hasNextEnts());
        log.appliedTo(2);
        assertEquals(3, log.applied(), "applied never goes back");
        assertThrows(IllegalStateException.class, () -> log.appliedTo(4));
    }

    @Test
    void restoreSnapshotResetsTheLogAndKeepsItPending() {
        RaftLog log = logOver(ents(1, 1), 1);
        Snapshot snap = snapshot(10, 3);
        log.restore(snap);
        assertEquals(11, log.firstIndex());
        assertEquals(10, log.lastIndex());
        assertEquals(3, log.term(10));
        assertEquals(10, log.committed());
        assertEquals(10, log.applied());
        assertEquals(snap, log.pendingSnapshot());
        assertInvariants(log);
        log.stableSnapTo(10);
        assertNull(log.pendingSnapshot());
    }

    @Test
    void maybeCompactFollowsStorageCompaction() {
        MemoryStorage s = new MemoryStorage();
        s.append(ents(1, 1, 2, 2, 3));
        RaftLog log = new RaftLog(s, 5);
        log.appliedTo(4);
        s.createSnapshot(3, ConfState.getDefaultInstance(), ByteString.EMPTY);
        s.compact(3);
        log.maybeCompact();
        assertEquals(4, log.firstIndex());
        assertEquals(2, log.term(3), "term of the compacted boundary stays known");
        assertThrows(Storage.CompactedException.class, () -> log.term(2));
        assertEquals(null, log.entriesFrom(3, Long.MAX_VALUE), "compacted entries cannot be sent");
        assertEquals(List.of(ent(4, 2), ent(5, 3)), log.entriesFrom(4, Long.MAX_VALUE));
        assertInvariants(log);
    }

    @Test
    void entriesAreLimitedBySizeButAtLeastOne() {
        List<Entry> big = new ArrayList<>();
        for (int i = 1; i <= 5; i++) {
            big.add(Entry.newBuilder().setIndex(i).setTerm(1).setData(ByteString.copyFrom(new byte[100])).build());
        }
        RaftLog log = logOver(big, 0);
        assertEquals(1, log.entriesFrom(1, 1).size());
        assertEquals(2, log.entriesFrom(1, 2L * big.get(0).getSerializedSize()).size());
        assertEquals(5, log.entriesFrom(1, Long.MAX_VALUE).size());
    }

    @Test
    void restartFromStorageWithHardStateCommit() {
        MemoryStorage s = new MemoryStorage();
        s.append(ents(1, 1));
        s.setHardState(HardState.newBuilder().setTerm(1).setCommit(2).build());
        RaftLog log = new RaftLog(s, s.hardState().getCommit());
        assertEquals(2, log.committed());
        assertThrows(IllegalStateException.class, () -> new RaftLog(s, 5));
    }

    static Snapshot snapshot(long index, long term, long... voters) {
        ConfState.Builder cs = ConfState.newBuilder();
        for (long v : voters) {
            cs.addVoters(v);
        }
        return Snapshot.newBuilder()
                .setMetadata(SnapshotMetadata.newBuilder().setIndex(index).setTerm(term).setConfState(cs))
                .build();
    }
}
