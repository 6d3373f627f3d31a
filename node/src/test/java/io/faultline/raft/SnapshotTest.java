package io.faultline.raft;

import static io.faultline.raft.RaftTestUtil.makeLeader;
import static io.faultline.raft.RaftTestUtil.msg;
import static io.faultline.raft.RaftTestUtil.ofType;
import static io.faultline.raft.RaftTestUtil.raft;
import static io.faultline.raft.RaftTestUtil.storageWith;
import static io.faultline.raft.RaftTestUtil.take;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.ByteString;
import io.faultline.raft.pb.Message;
import io.faultline.raft.pb.MessageType;
import io.faultline.raft.pb.Snapshot;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Snapshots (Raft §7): sending to a follower behind the log, restoring, ignoring stale ones. */
class SnapshotTest {

    private static void compactLeader(TestCluster c, long leader) {
        TestCluster.Node n = c.node(leader);
        long applied = n.rawNode.status().applied();
        n.storage.createSnapshot(applied, n.storage.confState(), ByteString.copyFromUtf8("state@" + applied));
        n.storage.compact(applied);
    }

    @Test
    void aFollowerBehindTheCompactedLogGetsASnapshotAndThenCatchesUp() {
        TestCluster c = TestCluster.of(3);
        c.elect(1);
        c.isolate(3);
        for (int i = 0; i < 5; i++) {
            c.propose(1, "v" + i);
        }
        compactLeader(c, 1);
        c.propose(1, "after-compaction"); // lets the leader drop its in-memory copy below the snapshot
        assertTrue(c.raw(1).firstIndex() > 2, "leader's log was compacted");
        c.heal();
        c.tickAll(3);
        assertEquals(1, c.deliveredOfType(MessageType.MSG_SNAPSHOT).size());
        assertEquals(6, c.node(3).storage.snapshot().getMetadata().getIndex());
        assertEquals(c.raw(1).lastIndex(), c.raw(3).lastIndex());
        assertEquals(List.of(ByteString.copyFromUtf8("after-compaction")), c.node(3).appliedData(),
                "entries after the snapshot are applied normally");
        assertEquals(ProgressState.REPLICATE, c.raw(1).status().progress().get(3L).state());
    }

    @Test
    void aSnapshotOlderThanTheCommitIndexIsIgnored() {
        Raft r = raft(2, List.of(1L, 2L, 3L), storageWith(1, 1, 1, 1), c -> c);
        r.step(msg(MessageType.MSG_HEARTBEAT, 1, 2, 1).setCommit(3).build());
        take(r);
        Snapshot stale = RaftLogTest.snapshot(2, 1, 1, 2, 3);
        r.step(msg(MessageType.MSG_SNAPSHOT, 1, 2, 1).setSnapshot(stale).build());
        assertNull(r.raftLog.pendingSnapshot());
        assertEquals(3, r.raftLog.lastIndex());
        Message resp = take(r).get(0);
        assertEquals(MessageType.MSG_APPEND_RESPONSE, resp.getMsgType());
        assertEquals(3, resp.getIndex(), "answers with its commit index");
    }

    @Test
    void aSnapshotOurLogAlreadyMatchesOnlyFastForwardsTheCommit() {
        Raft r = raft(2, List.of(1L, 2L, 3L), storageWith(1, 1, 1, 1), c -> c);
        r.step(msg(MessageType.MSG_SNAPSHOT, 1, 2, 1).setSnapshot(RaftLogTest.snapshot(2, 1, 1, 2, 3)).build());
        assertNull(r.raftLog.pendingSnapshot());
        assertEquals(2, r.raftLog.committed());
        assertEquals(3, r.raftLog.lastIndex(), "the entry after it is kept");
    }

    @Test
    void restoringReplacesTheLogAndAdoptsTheSnapshotsMembership() {
        Raft r = raft(2, List.of(1L, 2L, 3L), storageWith(1, 1), c -> c);
        Snapshot snap = RaftLogTest.snapshot(10, 4, 1, 2, 3, 4);
        r.step(msg(MessageType.MSG_SNAPSHOT, 1, 2, 4).setSnapshot(snap).build());
        assertEquals(snap, r.raftLog.pendingSnapshot());
        assertEquals(10, r.raftLog.committed());
        assertEquals(List.of(1L, 2L, 3L, 4L), List.copyOf(r.prs.keySet()));
        assertEquals(10, take(r).get(0).getIndex());
    }

    @Test
    void theSnapshotIsHandedOutInAReadyAndClearedOnAdvance() {
        MemoryStorage s = MemoryStorage.withVoters(List.of(1L, 2L, 3L));
        RawNode n = new RawNode(RaftConfig.defaults(2, s));
        Snapshot snap = RaftLogTest.snapshot(5, 1, 1, 2, 3);
        n.step(msg(MessageType.MSG_SNAPSHOT, 1, 2, 1).setSnapshot(snap).build());
        Ready rd = n.ready();
        assertEquals(snap, rd.snapshot());
        assertTrue(rd.committedEntries().isEmpty(), "the snapshot replaces applying entries up to it");
        s.applySnapshot(rd.snapshot());
        n.advance(rd);
        assertFalse(n.hasReady());
        assertEquals(6, n.firstIndex());
    }

    @Test
    void aReadyOvertakenByASnapshotBeforeAdvanceIsHarmless() {
        MemoryStorage s = storageWith(1, 1, 1, 1);
        s.setConfState(io.faultline.raft.pb.ConfState.newBuilder().addVoters(1).addVoters(2).addVoters(3).build());
        RawNode f = new RawNode(RaftConfig.defaults(3, s));
        f.step(msg(MessageType.MSG_HEARTBEAT, 1, 3, 1).setCommit(3).build());
        Ready rd = f.ready();
        assertEquals(3, rd.committedEntries().size(), "would apply up to 3...");
        f.step(msg(MessageType.MSG_SNAPSHOT, 1, 3, 1).setSnapshot(RaftLogTest.snapshot(10, 1, 1, 2, 3)).build());
        f.advance(rd); // ...but a snapshot to 10 arrived meanwhile
        assertEquals(10, f.status().applied());
        assertEquals(10, f.ready().snapshot().getMetadata().getIndex());
    }

    @Test
    void aFailedSnapshotSendFallsBackToProbing() {
        MemoryStorage s = storageWith(1, 1, 1, 1);
        s.createSnapshot(3, io.faultline.raft.pb.ConfState.newBuilder().addVoters(1).addVoters(2).addVoters(3).build(),
                ByteString.EMPTY);
        s.compact(3);
        s.setHardState(io.faultline.raft.pb.HardState.newBuilder().setTerm(1).setCommit(3).build());
        Raft r = raft(1, List.of(1L, 2L, 3L), s, c -> c);
        makeLeader(r, 2);
        Progress pr = r.prs.get(2L);
        pr.recentActive = true;
        // peer 2 is empty: the probe back reaches compacted entries, so a snapshot is due
        r.step(msg(MessageType.MSG_APPEND_RESPONSE, 2, 1, 2).setIndex(3).setReject(true).setRejectHint(0).build());
        assertEquals(1, ofType(take(r), MessageType.MSG_SNAPSHOT).size());
        assertEquals(ProgressState.SNAPSHOT, pr.state);
        r.step(msg(MessageType.MSG_SNAPSHOT_STATUS, 2, 1, 0).setReject(true).build());
        assertEquals(ProgressState.PROBE, pr.state);
        assertTrue(pr.isPaused(), "waits a heartbeat before retrying");
    }

    @Test
    void unreachablePeerDropsFromReplicateToProbe() {
        TestCluster c = TestCluster.of(3);
        c.elect(1);
        assertEquals(ProgressState.REPLICATE, c.raw(1).status().progress().get(2L).state());
        c.raw(1).reportUnreachable(2);
        assertEquals(ProgressState.PROBE, c.raw(1).status().progress().get(2L).state());
    }

    @Test
    void noSnapshotIsSentWhileStorageIsPreparingOne() {
        MemoryStorage base = storageWith(1, 1, 1, 1);
        base.createSnapshot(3, io.faultline.raft.pb.ConfState.newBuilder().addVoters(1).addVoters(2).build(),
                ByteString.EMPTY);
        base.compact(3);
        base.setHardState(io.faultline.raft.pb.HardState.newBuilder().setTerm(1).setCommit(3).build());
        Storage busy = new Storage() {
            @Override public InitialState initialState() { return base.initialState(); }
            @Override public List<io.faultline.raft.pb.Entry> entries(long lo, long hi, long max) { return base.entries(lo, hi, max); }
            @Override public long term(long i) { return base.term(i); }
            @Override public long firstIndex() { return base.firstIndex(); }
            @Override public long lastIndex() { return base.lastIndex(); }
            @Override public Snapshot snapshot() { throw new SnapshotTemporarilyUnavailableException(); }
        };
        base.setConfState(io.faultline.raft.pb.ConfState.newBuilder().addVoters(1).addVoters(2).build());
        Raft r = new Raft(RaftConfig.defaults(1, busy).withPreVote(false), List.of());
        makeLeader(r, 2);
        r.prs.get(2L).recentActive = true;
        r.step(msg(MessageType.MSG_APPEND_RESPONSE, 2, 1, 2).setIndex(3).setReject(true).setRejectHint(0).build());
        assertTrue(ofType(take(r), MessageType.MSG_SNAPSHOT).isEmpty());
        assertEquals(ProgressState.PROBE, r.prs.get(2L).state);
    }
}
