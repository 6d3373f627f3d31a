package io.faultline.kv.loop;

import io.faultline.raft.pb.Message;
import java.util.List;

/**
 * The outgoing half of the peer transport, as the Ready loop uses it. Sending never
 * blocks and may lose messages (Raft retries); what the transport learns comes back
 * through {@link io.faultline.kv.loop.Inbox}.
 */
public interface PeerSender {
    void send(List<Message> messages);

    /** Where peer {@code id} listens (membership changes and snapshots carry addresses). */
    void setAddress(long id, String address);
}
