package io.faultline.kv.transport;

import io.faultline.raft.pb.Message;

/** Where the transport hands what it learns; implemented by the Ready loop (thread-safe, non-blocking). */
public interface Inbox {
    void deliver(Message message);

    void unreachable(long peerId);

    void snapshotSent(long peerId, boolean success);
}
