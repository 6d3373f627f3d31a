package io.faultline.raft;

import static io.faultline.raft.RaftLogTest.ent;
import static io.faultline.raft.RaftLogTest.ents;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.google.protobuf.ByteString;
import io.faultline.raft.pb.ConfState;
import java.util.List;
import org.junit.jupiter.api.Test;

class MemoryStorageTest {

    @Test
    void appendReplacesAConflictingTail() {
        MemoryStorage s = new MemoryStorage();
        s.append(ents(1, 1, 1));
        s.append(List.of(ent(2, 2)));
        assertEquals(2, s.lastIndex());
        assertEquals(2, s.term(2));
        assertThrows(IllegalArgumentException.class, () -> s.append(List.of(ent(5, 2))));
    }

    @Test
    void compactKeepsTheBoundaryTermAndRefusesOldIndices() {
        MemoryStorage s = new MemoryStorage();
        s.append(ents(1, 2, 3, 4));
        s.compact(2);
        assertEquals(3, s.firstIndex());
        assertEquals(2, s.term(2));
        assertThrows(Storage.CompactedException.class, () -> s.term(1));
        assertThrows(Storage.CompactedException.class, () -> s.entries(2, 4, Long.MAX_VALUE));
        assertEquals(List.of(ent(3, 3), ent(4, 4)), s.entries(3, 5, Long.MAX_VALUE));
        assertThrows(Storage.UnavailableException.class, () -> s.entries(3, 6, Long.MAX_VALUE));
        // appending entries partly below the compaction point keeps the newer part
        s.append(List.of(ent(2, 2), ent(3, 3), ent(4, 5)));
        assertEquals(5, s.term(4));
    }

    @Test
    void snapshotsAreCreatedAndAppliedButNeverGoBack() {
        MemoryStorage s = new MemoryStorage();
        s.append(ents(1, 1, 2));
        ConfState cs = ConfState.newBuilder().addVoters(1).addVoters(2).build();
        s.createSnapshot(2, cs, ByteString.copyFromUtf8("state"));
        assertEquals(2, s.snapshot().getMetadata().getIndex());
        assertEquals(1, s.snapshot().getMetadata().getTerm());
        assertThrows(IllegalArgumentException.class, () -> s.createSnapshot(1, cs, ByteString.EMPTY));

        MemoryStorage f = new MemoryStorage();
        f.append(ents(1));
        f.applySnapshot(s.snapshot());
        assertEquals(3, f.firstIndex());
        assertEquals(2, f.lastIndex());
        assertEquals(cs, f.initialState().confState());
        f.applySnapshot(RaftLogTest.snapshot(1, 1));
        assertEquals(3, f.firstIndex(), "an older snapshot is ignored");
    }
}
