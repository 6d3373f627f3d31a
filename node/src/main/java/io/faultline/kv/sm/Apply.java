package io.faultline.kv.sm;

import com.google.protobuf.ByteString;
import io.faultline.kv.api.CasRequest;
import io.faultline.kv.api.CasResponse;
import io.faultline.kv.api.DeleteResponse;
import io.faultline.kv.api.PutResponse;
import io.faultline.kv.api.Served;
import io.faultline.kv.peer.Command;
import io.faultline.kv.peer.Member;
import io.faultline.kv.storage.Disk;
import io.faultline.kv.storage.DiskBatch;
import io.faultline.kv.storage.StorageFailure;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * Applies a run of committed entries into one {@link DiskBatch}. Reads see the
 * run's own earlier writes (a Cas after a Put of the same key in one batch).
 */
public final class Apply implements AutoCloseable {
    private final KvStateMachine machine;
    private final Disk store;
    private final DiskBatch batch = new DiskBatch();
    private final Map<ByteString, Optional<ByteString>> overlay = new HashMap<>();
    private final SortedMap<Long, Member> members;
    private long applied;
    private PutResponse putAnswer;

    Apply(KvStateMachine machine, Disk store) {
        this.machine = machine;
        this.store = store;
        this.members = new TreeMap<>(machine.members());
        this.applied = machine.applied();
    }

    /** The batch, for the caller to stage further writes (e.g. conf state) atomically with the apply. */
    public DiskBatch batch() {
        return batch;
    }

    /**
     * Executes one client write; returns its answer (PutResponse, DeleteResponse or
     * CasResponse), which names who {@code served} it (the term and leader the node knew).
     */
    public com.google.protobuf.Message execute(Command command, Served served) {
        switch (command.getOpCase()) {
            case PUT: {
                set(utf8(command.getPut().getKey()), Optional.of(utf8(command.getPut().getValue())));
                // Every put answer of a run is the same message: build it once.
                if (putAnswer == null || putAnswer.getServed() != served) {
                    putAnswer = PutResponse.newBuilder().setServed(served).build();
                }
                return putAnswer;
            }
            case DELETE: {
                ByteString key = utf8(command.getDelete().getKey());
                boolean existed = read(key).isPresent();
                if (existed) set(key, Optional.empty());
                return DeleteResponse.newBuilder().setExisted(existed).setServed(served).build();
            }
            case CAS:
                return cas(command.getCas(), served);
            default:
                throw new StorageFailure("log entry holds a command with no operation: corrupt or newer format", null);
        }
    }

    private CasResponse cas(CasRequest request, Served served) {
        ByteString key = utf8(request.getKey());
        Optional<ByteString> current = read(key);
        boolean matches = request.getExpectedAbsent()
                ? current.isEmpty()
                : current.isPresent() && current.get().equals(utf8(request.getExpected()));
        if (matches) set(key, Optional.of(utf8(request.getNewValue())));
        CasResponse.Builder response = CasResponse.newBuilder().setSwapped(matches).setFound(current.isPresent())
                .setServed(served);
        current.ifPresent(v -> response.setCurrent(v.toStringUtf8()));
        return response.build();
    }

    public void addMember(Member member) {
        members.put(member.getId(), member);
    }

    public void removeMember(long id) {
        members.remove(id);
    }

    /** Marks entries through {@code index} applied (also for no-ops and conf changes). */
    public void applied(long index) {
        applied = index;
    }

    /** Writes the batch (unsynced: the log it replays from is durable) and publishes the new state. */
    public void commit() {
        machine.stageMembers(batch, members);
        machine.stageApplied(batch, applied);
        store.write(batch, false);
        machine.committed(applied, members);
    }

    @Override
    public void close() {
        // Nothing native to free; AutoCloseable keeps the try-with-resources shape of a batch's lifetime.
    }

    private Optional<ByteString> read(ByteString key) {
        Optional<ByteString> staged = overlay.get(key);
        if (staged != null) return staged;
        return machine.get(key);
    }

    private void set(ByteString key, Optional<ByteString> value) {
        if (value.isPresent()) {
            batch.put(Disk.Family.KV, key.toByteArray(), value.get().toByteArray());
        } else {
            batch.delete(Disk.Family.KV, key.toByteArray());
        }
        overlay.put(key, value);
    }

    private static ByteString utf8(String text) {
        return ByteString.copyFromUtf8(text);
    }
}
