package io.faultline.kv.loop;

import com.google.protobuf.ByteString;
import io.faultline.kv.api.GetResponse;
import io.faultline.kv.api.Served;
import io.faultline.kv.sm.KvStateMachine;
import io.faultline.raft.ProposalDroppedException;
import io.faultline.raft.RawNode;
import io.faultline.raft.ReadState;
import java.nio.ByteBuffer;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;

/**
 * Gets served through ReadIndex: reads that arrive together share one ReadIndex
 * request; once Raft confirms it (a ReadState), they wait until the state machine
 * has applied up to its index, and are then read locally. Ready loop thread only.
 */
final class LinearizableReads {
    private final long incarnation;
    private final KvStateMachine machine;
    private long nextId = 1;
    private ReadBatch collecting;
    private final Map<ByteString, ReadBatch> awaitingIndex = new HashMap<>();
    private final ArrayDeque<ReadBatch> awaitingApply = new ArrayDeque<>();

    LinearizableReads(long incarnation, KvStateMachine machine) {
        this.incarnation = incarnation;
        this.machine = machine;
    }

    void add(ByteString key, CompletableFuture<GetResponse> future, long deadlineNanos) {
        if (collecting == null) collecting = new ReadBatch(deadlineNanos);
        collecting.reads.add(new ReadBatch.Read(key, future));
    }

    boolean hasCollecting() {
        return collecting != null;
    }

    /** Asks Raft to confirm leadership for the reads collected since the last call. */
    void issue(RawNode raft, Supplier<RuntimeException> notLeader) {
        if (collecting == null) return;
        ReadBatch batch = collecting;
        collecting = null;
        ByteString context = ByteString.copyFrom(ByteBuffer.allocate(16).putLong(incarnation).putLong(nextId++).array());
        try {
            raft.readIndex(context);
        } catch (ProposalDroppedException e) {
            fail(batch, notLeader.get());
            return;
        }
        awaitingIndex.put(context, batch);
    }

    void confirmed(List<ReadState> states) {
        for (ReadState rs : states) {
            ReadBatch batch = awaitingIndex.remove(rs.context());
            if (batch != null) {
                batch.index = rs.index();
                awaitingApply.add(batch);
            }
        }
    }

    /** Answers the confirmed reads whose index the state machine has reached, as {@code served}. */
    void serve(Served served) {
        while (!awaitingApply.isEmpty() && awaitingApply.peek().index <= machine.applied()) {
            for (ReadBatch.Read r : awaitingApply.poll().reads) {
                GetResponse.Builder response = GetResponse.newBuilder().setServed(served);
                machine.get(r.key()).ifPresent(v -> response.setFound(true).setValue(v.toStringUtf8()));
                r.future().complete(response.build());
            }
        }
    }

    /** Fails reads Raft has not confirmed yet (leadership lost: they may never be). */
    void failUnconfirmed(RuntimeException error) {
        awaitingIndex.values().forEach(b -> fail(b, error));
        awaitingIndex.clear();
    }

    void expire(long now, Supplier<RuntimeException> error) {
        for (Iterator<ReadBatch> it = awaitingIndex.values().iterator(); it.hasNext(); ) {
            ReadBatch b = it.next();
            if (now - b.deadlineNanos > 0) {
                it.remove();
                fail(b, error.get());
            }
        }
        while (!awaitingApply.isEmpty() && now - awaitingApply.peek().deadlineNanos > 0) {
            fail(awaitingApply.poll(), error.get());
        }
    }

    void failAll(RuntimeException error) {
        if (collecting != null) fail(collecting, error);
        collecting = null;
        failUnconfirmed(error);
        awaitingApply.forEach(b -> fail(b, error));
        awaitingApply.clear();
    }

    private static void fail(ReadBatch batch, RuntimeException error) {
        for (ReadBatch.Read r : batch.reads) r.future().completeExceptionally(error);
    }
}
