package io.faultline.kv.sm;

import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;
import io.faultline.kv.peer.KvPair;
import io.faultline.kv.peer.KvSnapshot;
import io.faultline.kv.peer.Member;
import io.faultline.kv.peer.Members;
import io.faultline.kv.storage.DataDirException;
import io.faultline.kv.storage.Disk;
import io.faultline.kv.storage.DiskBatch;
import io.faultline.kv.storage.DiskRaftStorage;
import io.faultline.kv.storage.StorageFailure;
import io.faultline.raft.pb.Snapshot;
import io.faultline.raft.pb.SnapshotMetadata;
import java.util.Collections;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * The replicated key-value map on the {@link Disk}, with the applied index and the member
 * addresses written atomically with it, so a restart resumes exactly after the
 * last applied entry. Only the Ready loop thread may use it.
 */
public final class KvStateMachine {
    static final byte[] APPLIED = "applied".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    static final byte[] MEMBERS = "members".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    /** UTF-8 never contains 0xFF, so [empty, {0xFF}) covers every key. */
    private static final byte[] KEY_SPACE_END = {(byte) 0xFF};

    private final Disk store;
    private final DiskRaftStorage log;
    private long applied;
    private SortedMap<Long, Member> members;
    private Snapshot cachedSnapshot;

    public KvStateMachine(Disk store, DiskRaftStorage log) {
        this.store = store;
        this.log = log;
        byte[] appliedBytes = store.get(Disk.Family.META, APPLIED);
        if (appliedBytes != null) {
            if (appliedBytes.length != 8) throw new DataDirException("meta key 'applied' is unreadable: corrupt");
            applied = java.nio.ByteBuffer.wrap(appliedBytes).getLong();
        }
        // Compaction never passes the applied index, and nothing is applied that is not in the log.
        if (applied < log.truncatedIndex() || applied > log.lastIndex()) {
            throw new DataDirException("its applied index " + applied + " lies outside the log [compacted through "
                    + log.truncatedIndex() + ", last " + log.lastIndex() + "]: corrupt");
        }
        this.members = readMembers(store.get(Disk.Family.META, MEMBERS));
    }

    private static SortedMap<Long, Member> readMembers(byte[] bytes) {
        SortedMap<Long, Member> result = new TreeMap<>();
        if (bytes == null) return result;
        try {
            for (Member m : Members.parseFrom(bytes).getMembersList()) result.put(m.getId(), m);
        } catch (InvalidProtocolBufferException e) {
            throw new DataDirException("meta key 'members' is unreadable: corrupt", e);
        }
        return result;
    }

    public long applied() {
        return applied;
    }

    /** Addresses of the members known to the state machine (initial peers and those added since). */
    public SortedMap<Long, Member> members() {
        return Collections.unmodifiableSortedMap(members);
    }

    public Optional<ByteString> get(ByteString key) {
        byte[] value = store.get(Disk.Family.KV, key.toByteArray());
        return value == null ? Optional.empty() : Optional.of(ByteString.copyFrom(value));
    }

    /** Starts applying a run of committed entries; {@link Apply#commit()} writes them in one batch. */
    public Apply begin() {
        return new Apply(this, store);
    }

    void committed(long newApplied, SortedMap<Long, Member> newMembers) {
        applied = newApplied;
        members = newMembers;
    }

    /** Records the initial members of a fresh data directory (before anything is applied). */
    public void bootstrapMembers(DiskBatch batch, Map<Long, Member> initial) {
        SortedMap<Long, Member> copy = new TreeMap<>(initial);
        stageMembers(batch, copy);
        members = copy;
    }

    void stageMembers(DiskBatch batch, Map<Long, Member> value) {
        batch.put(Disk.Family.META, MEMBERS, Members.newBuilder().addAllMembers(value.values()).build().toByteArray());
    }

    void stageApplied(DiskBatch batch, long index) {
        batch.put(Disk.Family.META, APPLIED, java.nio.ByteBuffer.allocate(8).putLong(index).array());
    }

    /**
     * The state at the applied index, for a follower too far behind. Built on
     * demand and reused until something new is applied.
     */
    public Snapshot snapshot() {
        if (cachedSnapshot != null && cachedSnapshot.getMetadata().getIndex() == applied) return cachedSnapshot;
        KvSnapshot.Builder data = KvSnapshot.newBuilder().addAllMembers(members.values());
        store.scan(Disk.Family.KV, new byte[0], (key, value) -> {
            data.addPairs(KvPair.newBuilder().setKey(ByteString.copyFrom(key)).setValue(ByteString.copyFrom(value)));
            return true;
        });
        SnapshotMetadata metadata = SnapshotMetadata.newBuilder()
                .setIndex(applied).setTerm(log.term(applied)).setConfState(log.confState()).build();
        cachedSnapshot = Snapshot.newBuilder().setData(data.build().toByteString()).setMetadata(metadata).build();
        return cachedSnapshot;
    }

    /** Replaces the whole state by {@code snapshot} (staged into {@code batch}). */
    public void restore(DiskBatch batch, Snapshot snapshot) {
        KvSnapshot data;
        try {
            data = KvSnapshot.parseFrom(snapshot.getData());
        } catch (InvalidProtocolBufferException e) {
            throw new StorageFailure("received snapshot is unreadable", e);
        }
        SortedMap<Long, Member> newMembers = new TreeMap<>();
        for (Member m : data.getMembersList()) newMembers.put(m.getId(), m);
        batch.deleteRange(Disk.Family.KV, new byte[0], KEY_SPACE_END);
        for (KvPair pair : data.getPairsList()) {
            batch.put(Disk.Family.KV, pair.getKey().toByteArray(), pair.getValue().toByteArray());
        }
        long index = snapshot.getMetadata().getIndex();
        stageMembers(batch, newMembers);
        stageApplied(batch, index);
        committed(index, newMembers);
        cachedSnapshot = null;
    }
}
