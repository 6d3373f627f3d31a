package io.faultline.raft;

import com.google.protobuf.ByteString;
import io.faultline.raft.pb.Message;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * ReadIndex requests waiting for a heartbeat round to confirm leadership. A request
 * is answered once a quorum acknowledged a heartbeat carrying its context; all
 * requests queued before it are answered with it (their heartbeats went out earlier).
 */
final class ReadOnly {

    record Pending(Message request, long index, Set<Long> acks) {}

    private final Map<ByteString, Pending> pending = new HashMap<>();
    private final ArrayDeque<ByteString> queue = new ArrayDeque<>();

    void addRequest(long commitIndex, Message m) {
        ByteString ctx = m.getContext();
        if (pending.containsKey(ctx)) {
            return;
        }
        pending.put(ctx, new Pending(m, commitIndex, new HashSet<>()));
        queue.addLast(ctx);
    }

    /** Records an acknowledgement and returns who acked {@code ctx} so far (nobody if unknown). */
    Set<Long> recvAck(long from, ByteString ctx) {
        Pending p = pending.get(ctx);
        if (p == null) {
            return Set.of();
        }
        p.acks().add(from);
        return p.acks();
    }

    /** Removes and returns every request up to and including {@code ctx}, oldest first. */
    List<Pending> advance(ByteString ctx) {
        if (!pending.containsKey(ctx)) {
            return List.of();
        }
        List<Pending> done = new ArrayList<>();
        while (!queue.isEmpty()) {
            ByteString c = queue.pollFirst();
            done.add(pending.remove(c));
            if (c.equals(ctx)) {
                break;
            }
        }
        return done;
    }

    void reset() {
        pending.clear();
        queue.clear();
    }
}
