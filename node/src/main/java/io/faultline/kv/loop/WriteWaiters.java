package io.faultline.kv.loop;

import io.faultline.kv.peer.Command;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Client writes proposed by this incarnation of the node, waiting for their answer.
 * A write is answered when its log index applies, whoever leads then: with its result
 * if its own entry is there, with a definite failure if another entry took the index.
 */
final class WriteWaiters {
    private final long incarnation;
    private long nextSeq = 1;
    /** Insertion order is deadline order (one timeout for all). */
    private final Map<Long, Pending<com.google.protobuf.Message>> bySeq = new LinkedHashMap<>();
    /** Log index → seq of the write of ours proposed there. */
    private final Map<Long, Long> seqByIndex = new HashMap<>();

    WriteWaiters(long incarnation) {
        this.incarnation = incarnation;
    }

    /** Stamps {@code command} as ours; the caller proposes it and then calls {@link #proposed}. */
    Command stamp(Command.Builder command) {
        return command.setProposer(incarnation).setSeq(nextSeq++).build();
    }

    void proposed(Command command, long index, Pending<com.google.protobuf.Message> pending) {
        bySeq.put(command.getSeq(), pending);
        seqByIndex.put(index, command.getSeq());
    }

    boolean ours(Command command) {
        return command.getProposer() == incarnation;
    }

    /** The waiter of our {@code command}, removed; null when it is not ours or was answered already. */
    Pending<com.google.protobuf.Message> take(Command command) {
        return ours(command) ? bySeq.remove(command.getSeq()) : null;
    }

    /**
     * Called for every applied index: returns the waiter of a write of ours that was proposed
     * at {@code index} but is not {@code appliedCommand} (null when the entry is not a command),
     * so it never will commit.
     */
    Pending<com.google.protobuf.Message> displacedAt(long index, Command appliedCommand) {
        Long seq = seqByIndex.remove(index);
        if (seq == null) return null;
        if (appliedCommand != null && ours(appliedCommand) && appliedCommand.getSeq() == seq) return null;
        return bySeq.remove(seq);
    }

    void expire(long now, Supplier<RuntimeException> error) {
        for (Iterator<Pending<com.google.protobuf.Message>> it = bySeq.values().iterator(); it.hasNext(); ) {
            Pending<com.google.protobuf.Message> p = it.next();
            if (!p.expired(now)) break;
            it.remove();
            p.future().completeExceptionally(error.get());
        }
    }

    void failAll(RuntimeException error) {
        bySeq.values().forEach(p -> p.future().completeExceptionally(error));
        bySeq.clear();
        seqByIndex.clear();
    }
}
