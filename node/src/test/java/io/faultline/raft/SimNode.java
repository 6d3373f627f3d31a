package io.faultline.raft;

import com.google.protobuf.InvalidProtocolBufferException;
import io.faultline.raft.pb.Entry;
import io.faultline.raft.pb.Message;
import java.util.ArrayList;
import java.util.List;

/**
 * One simulated server: durable {@link MemoryStorage} and a durable state machine
 * (the list of applied entries) survive a crash; the {@link RawNode} does not.
 */
final class SimNode {

    final long id;
    final MemoryStorage storage;
    /** Null while crashed. */
    RawNode rawNode;
    /** The state machine: every applied entry, in index order (a snapshot replaces it). */
    List<Entry> stateMachine = new ArrayList<>();
    long appliedIndex;
    int restarts;
    int snapshotsRestored;
    int readsAnswered;

    SimNode(long id, MemoryStorage storage) {
        this.id = id;
        this.storage = storage;
    }

    boolean up() {
        return rawNode != null;
    }

    /**
     * Handles one Ready in the documented order: persist, send, apply, advance.
     * Returns the messages to send.
     */
    List<Message> handleReady(InvariantChecker checker) {
        Ready rd = rawNode.ready();
        persist(rd, checker);
        return finish(rd, checker);
    }

    /** Crashes half-way through a Ready: persisted, but nothing sent, applied or advanced. */
    void crashAfterPersisting(InvariantChecker checker) {
        persist(rawNode.ready(), checker);
        rawNode = null;
    }

    /** Crashes after persisting and sending a Ready, before applying or advancing it; returns what was sent. */
    List<Message> crashAfterSending(InvariantChecker checker) {
        Ready rd = rawNode.ready();
        persist(rd, checker);
        rawNode = null;
        return rd.messages();
    }

    private void persist(Ready rd, InvariantChecker checker) {
        if (rd.snapshot() != null) {
            storage.applySnapshot(rd.snapshot());
            stateMachine = decode(rd.snapshot().getData());
            appliedIndex = rd.snapshot().getMetadata().getIndex();
            checker.onSnapshotRestored(this, rd.snapshot());
            snapshotsRestored++;
        }
        storage.append(rd.entries());
        if (rd.hardState() != null) {
            storage.setHardState(rd.hardState());
        }
    }

    private List<Message> finish(Ready rd, InvariantChecker checker) {
        for (Entry e : rd.committedEntries()) {
            checker.onApply(this, e);
            stateMachine.add(e);
            appliedIndex = e.getIndex();
            if (Raft.isConfChange(e)) {
                storage.setConfState(rawNode.applyConfChange(e));
            }
        }
        for (ReadState rs : rd.readStates()) {
            checker.onReadState(this, rs);
            readsAnswered++;
        }
        rawNode.advance(rd);
        return rd.messages();
    }

    /** Snapshots the state machine at the applied index and compacts most of the log behind it. */
    boolean snapshotAndCompact(int keep) {
        if (appliedIndex <= storage.snapshot().getMetadata().getIndex()) {
            return false;
        }
        storage.createSnapshot(appliedIndex, storage.confState(), encode(stateMachine));
        long compactTo = appliedIndex - keep;
        if (compactTo >= storage.firstIndex()) {
            storage.compact(compactTo);
        }
        return true;
    }

    static com.google.protobuf.ByteString encode(List<Entry> sm) {
        return Message.newBuilder().addAllEntries(sm).build().toByteString();
    }

    static List<Entry> decode(com.google.protobuf.ByteString data) {
        try {
            return new ArrayList<>(Message.parseFrom(data).getEntriesList());
        } catch (InvalidProtocolBufferException e) {
            throw new AssertionError("corrupt snapshot", e);
        }
    }
}
