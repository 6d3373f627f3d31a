package io.faultline.kv.transport;

import io.faultline.kv.loop.Inbox;
import io.faultline.kv.log.NodeLog;
import io.faultline.raft.pb.Message;
import io.faultline.raft.pb.MessageType;
import io.grpc.BindableService;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongPredicate;

/**
 * Raft messages to and from peers over gRPC: one {@link PeerClient} per peer for
 * ordinary messages, a {@link SnapshotSender} for chunked snapshots, and the
 * {@link PeerService} that receives.
 */
public final class PeerTransport implements io.faultline.kv.loop.PeerSender, AutoCloseable {
    static final int MAX_MESSAGE_BYTES = 64 << 20;

    private final long selfId;
    private final long clusterId;
    private final Inbox inbox;
    private final NodeLog log;
    private final Map<Long, PeerClient> clients = new ConcurrentHashMap<>();
    /** Members removed from the configuration; only an explicit {@link #setAddress} brings one back. */
    private final java.util.Set<Long> removed = new java.util.HashSet<>();
    private final SnapshotSender snapshots;
    private final PeerService service;
    /** Which peers this node talks to; all by default. Tests cut links with it (the harness uses iptables). */
    private volatile LongPredicate linkUp = peer -> true;
    private volatile String selfAddress = "";
    private final FrameDuplication duplication = new FrameDuplication();

    public PeerTransport(long selfId, long clusterId, Inbox inbox, NodeLog log) {
        this.selfId = selfId;
        this.clusterId = clusterId;
        this.inbox = inbox;
        this.log = log;
        this.snapshots = new SnapshotSender(selfId, clusterId, inbox, log);
        this.service = new PeerService(clusterId, this::learnAddress, new Inbox() {
            @Override
            public void deliver(Message message) {
                if (linkUp.test(message.getFrom())) inbox.deliver(message);
            }

            @Override
            public void deliverAll(List<Message> messages) {
                deliverFrame(messages);
                if (duplication.again()) deliverFrame(messages);
            }

            private void deliverFrame(List<Message> messages) {
                for (Message m : messages) {
                    if (!linkUp.test(m.getFrom())) {
                        messages.forEach(this::deliver);
                        return;
                    }
                }
                inbox.deliverAll(messages);
            }

            @Override
            public void unreachable(long peerId) {
                inbox.unreachable(peerId);
            }

            @Override
            public void snapshotSent(long peerId, boolean success) {
                inbox.snapshotSent(peerId, success);
            }
        }, log);
    }

    public static int maxMessageBytes() {
        return MAX_MESSAGE_BYTES;
    }

    public BindableService service() {
        return service;
    }

    /** This node's peer address as the cluster knows it, sent with every frame (see {@link #learnAddress}). */
    public void advertise(String address) {
        selfAddress = address == null ? "" : address;
    }

    /**
     * A frame from {@code id} said where it listens: used only when this node knows no address
     * for it (it joined after {@code id} was added, and has no snapshot with the members yet).
     */
    void learnAddress(long id, String address) {
        if (address.isEmpty() || clients.containsKey(id)) return; // every frame of a known peer: no lock
        synchronized (this) {
            // A removed member that still runs goes on sending: its frames must not bring its client back.
            if (id == selfId || clients.containsKey(id) || removed.contains(id)) return;
            log.info("peer n" + id + " at " + address + " (from its messages)");
            clients.put(id, new PeerClient(selfId, id, clusterId, address, inbox, log, () -> selfAddress));
        }
    }

    /** Whether a client for peer {@code id} exists (for tests). */
    boolean knows(long id) {
        return clients.containsKey(id);
    }

    /** Drops every message to or from a peer for which {@code up} is false (both directions, at this node). */
    public void setLinkFilter(LongPredicate up) {
        linkUp = up;
    }

    /**
     * From now on each frame received from a peer has its messages delivered twice with
     * {@code probability} (0: never), drawn from {@code seed}; snapshots are never duplicated.
     * Returns what the previous setting did.
     */
    public FrameDuplication.Tally duplicateFrames(double probability, long seed) {
        FrameDuplication.Tally before = duplication.set(probability, seed);
        log.info("link duplication " + (probability == 0 ? "off" : "on: each received frame delivered twice with"
                + " probability " + probability + ", seed " + seed) + (before.probability() == 0 ? ""
                : " (the previous setting, " + before.probability() + ", duplicated " + before.duplicated() + " of "
                        + before.frames() + " frames)"));
        return before;
    }

    /** Sets where peer {@code id} listens (a no-op when unchanged). */
    public synchronized void setAddress(long id, String address) {
        if (id == selfId) return;
        removed.remove(id);
        PeerClient current = clients.get(id);
        if (current != null && current.address().equals(address)) return;
        if (current != null) current.close();
        clients.put(id, new PeerClient(selfId, id, clusterId, address, inbox, log, () -> selfAddress));
    }

    public synchronized void remove(long id) {
        removed.add(id);
        PeerClient client = clients.remove(id);
        if (client != null) client.close();
    }

    /**
     * Sends {@code messages}, each peer's as one frame; never blocks. A message to an
     * unknown peer counts as unreachable.
     */
    public void send(List<Message> messages) {
        Map<Long, List<Message>> byPeer = new HashMap<>(4);
        for (Message m : messages) {
            if (!linkUp.test(m.getTo())) continue;
            PeerClient client = clients.get(m.getTo());
            if (client == null) {
                inbox.unreachable(m.getTo());
                if (m.getMsgType() == MessageType.MSG_SNAPSHOT) inbox.snapshotSent(m.getTo(), false);
                continue;
            }
            if (m.getMsgType() == MessageType.MSG_SNAPSHOT) {
                snapshots.send(m, client.channel());
            } else {
                byPeer.computeIfAbsent(m.getTo(), peer -> new ArrayList<>(messages.size())).add(m);
            }
        }
        byPeer.forEach((peer, batch) -> {
            PeerClient client = clients.get(peer);
            if (client != null) client.send(batch);
        });
    }

    @Override
    public synchronized void close() {
        snapshots.close();
        clients.values().forEach(PeerClient::close);
        clients.clear();
    }
}
