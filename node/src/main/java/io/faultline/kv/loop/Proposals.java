package io.faultline.kv.loop;

import com.google.protobuf.ByteString;
import io.faultline.kv.peer.Command;
import java.util.ArrayList;
import java.util.List;

/**
 * Client writes taken since the last Ready, proposed to Raft together: one proposal
 * message, one append, one broadcast (one MsgApp per follower) for all of them,
 * instead of one of each per write.
 */
final class Proposals {
    /** A stamped write and its waiter. */
    record Proposal(Command command, Pending<com.google.protobuf.Message> pending) {}

    private final List<Proposal> queued = new ArrayList<>();

    void add(Command command, Pending<com.google.protobuf.Message> pending) {
        queued.add(new Proposal(command, pending));
    }

    boolean isEmpty() {
        return queued.isEmpty();
    }

    List<ByteString> payloads() {
        List<ByteString> data = new ArrayList<>(queued.size());
        for (Proposal p : queued) data.add(p.command().toByteString());
        return data;
    }

    /** Hands back what was queued and starts afresh. */
    List<Proposal> drain() {
        List<Proposal> all = new ArrayList<>(queued);
        queued.clear();
        return all;
    }
}
