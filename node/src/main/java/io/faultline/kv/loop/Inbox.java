package io.faultline.kv.loop;

import io.faultline.raft.pb.Message;
import java.util.List;

/** Where the transport hands what it learns; implemented by the Ready loop (thread-safe, non-blocking). */
public interface Inbox {
    void deliver(Message message);

    /** Delivers what arrived together (one frame from a peer), in order; the loop takes it as one event. */
    default void deliverAll(List<Message> messages) {
        for (Message m : messages) deliver(m);
    }

    void unreachable(long peerId);

    void snapshotSent(long peerId, boolean success);
}
