package io.faultline.sim;

import io.faultline.raft.pb.Message;
import io.faultline.raft.pb.MessageType;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * The peer network between simulated nodes, with the behaviour of the real transport
 * that matters to Raft ({@code PeerClient}): one ordered stream per direction with a
 * bounded queue (a message that finds it full is dropped); a stream that cannot
 * deliver (a cut link, a dead peer) breaks after a keepalive timeout or at once on a
 * refused connection, losing what it held and reporting the peer unreachable; it is
 * reopened with exponential backoff. A stopped (paused) receiver reads nothing: its
 * streams hold what is sent to it, like a cut link, until it continues or the
 * keepalive gives up on it. On top, the fault profile drops, delays,
 * duplicates and reorders messages and resets streams at random. Links are cut per
 * direction, so partitions can be one-way.
 */
public final class SimNetwork {
    /** What a node exposes to the network. */
    public interface Endpoint {
        boolean up();

        /** Stopped (SIGSTOP): up, but reads nothing, so what is sent to it waits in its streams. */
        default boolean paused() {
            return false;
        }

        void receive(Message message);

        void unreachable(long peer);

        void snapshotSent(long peer, boolean success);
    }

    /** Knobs of the simulated links; probabilities per message. */
    public record Profile(long minLatencyNanos, long maxLatencyNanos, double drop, double duplicate, double reorder,
            double streamReset, int queueCapacity) {
        public static Profile calm() {
            return new Profile(200_000, 2_000_000, 0, 0, 0, 0, 4096);
        }
    }

    static final long KEEPALIVE_TIMEOUT_NANOS = 4_000_000_000L;
    static final long MIN_BACKOFF_NANOS = 20_000_000L;
    static final long MAX_BACKOFF_NANOS = 1_000_000_000L;

    private final SimScheduler scheduler;
    private final SplittableRandom random;
    private final Map<Long, Endpoint> endpoints = new HashMap<>();
    private final Map<Long, Link> links = new HashMap<>();
    private Profile profile;
    private long delivered;
    private long dropped;
    private long duplicated;

    public SimNetwork(SimScheduler scheduler, Profile profile) {
        this.scheduler = scheduler;
        this.random = scheduler.random();
        this.profile = profile;
    }

    public void attach(long id, Endpoint endpoint) {
        endpoints.put(id, endpoint);
    }

    public void profile(Profile p) {
        profile = p;
    }

    public Profile profile() {
        return profile;
    }

    /** Cuts (or restores) the direction {@code from} → {@code to}. */
    public void cut(long from, long to, boolean cut) {
        Link link = link(from, to);
        if (link.cut == cut) return;
        link.cut = cut;
        if (!cut) {
            link.backoff = MIN_BACKOFF_NANOS;
            // TCP retransmits what the cut held once the path is back, if the stream survived.
            release(link);
        }
    }

    /** A paused node continues: its streams deliver what they held (if the keepalive has not reset them). */
    public void resumed(long id) {
        for (Link link : new ArrayList<>(links.values())) {
            if (link.to == id && !link.cut) release(link);
        }
    }

    private void release(Link link) {
        List<Message> held = new ArrayList<>(link.held);
        link.held.clear();
        for (Message m : held) schedule(link, m, link.epoch);
    }

    /** Whether the stream holds what arrives instead of delivering it: the path is cut or the receiver stopped. */
    private boolean blocked(Link link) {
        return link.cut || endpoint(link.to).paused();
    }

    public boolean isCut(long from, long to) {
        return link(from, to).cut;
    }

    public void healAll() {
        for (Link link : new ArrayList<>(links.values())) cut(link.from, link.to, false);
    }

    /** Called by node {@code from} for each message it sends. */
    public void send(long from, Message m) {
        Link link = link(from, m.getTo());
        long now = scheduler.now();
        if (now < link.brokenUntil) {
            // Reconnecting: the real client's queue is cleared when the stream is reopened.
            dropped++;
            notifyLost(link, m);
            return;
        }
        if (link.queued() >= profile.queueCapacity()) {
            dropped++;
            if (m.getMsgType() == MessageType.MSG_SNAPSHOT) endpoint(from).snapshotSent(m.getTo(), false);
            return;
        }
        if (profile.streamReset() > 0 && random.nextDouble() < profile.streamReset()) {
            reset(link);
            dropped++;
            notifyLost(link, m);
            return;
        }
        if (profile.drop() > 0 && random.nextDouble() < profile.drop()) {
            dropped++;
            return;
        }
        schedule(link, m, link.epoch);
        if (profile.duplicate() > 0 && random.nextDouble() < profile.duplicate()) {
            duplicated++;
            schedule(link, m, link.epoch);
        }
    }

    private void notifyLost(Link link, Message m) {
        if (m.getMsgType() == MessageType.MSG_SNAPSHOT) endpoint(link.from).snapshotSent(link.to, false);
    }

    private void schedule(Link link, Message m, long epoch) {
        long now = scheduler.now();
        long span = profile.maxLatencyNanos() - profile.minLatencyNanos();
        long at = now + profile.minLatencyNanos() + (span > 0 ? random.nextLong(span) : 0);
        boolean inOrder = !(profile.reorder() > 0 && random.nextDouble() < profile.reorder());
        if (inOrder) at = Math.max(at, link.lastDelivery);
        link.lastDelivery = Math.max(link.lastDelivery, at);
        link.inFlight++;
        scheduler.after(at - now, () -> arrive(link, m, epoch));
    }

    private void arrive(Link link, Message m, long epoch) {
        link.inFlight--;
        if (epoch != link.epoch) return; // the stream it travelled on was reset
        if (blocked(link)) {
            link.held.add(m);
            if (!link.timeoutArmed) {
                link.timeoutArmed = true;
                long armedEpoch = link.epoch;
                scheduler.after(KEEPALIVE_TIMEOUT_NANOS, () -> {
                    link.timeoutArmed = false;
                    if (link.epoch == armedEpoch && blocked(link) && !link.held.isEmpty()) reset(link);
                });
            }
            return;
        }
        Endpoint to = endpoints.get(link.to);
        if (to == null || !to.up()) {
            reset(link); // connection refused
            return;
        }
        delivered++;
        to.receive(m);
        if (m.getMsgType() == MessageType.MSG_SNAPSHOT) {
            Endpoint from = endpoints.get(link.from);
            if (from != null && from.up()) from.snapshotSent(link.to, true);
        }
    }

    /** The stream breaks: what it held is lost, the sender hears "unreachable", and reconnects after a backoff. */
    private void reset(Link link) {
        link.epoch++;
        for (Message m : link.held) notifyLost(link, m);
        link.held.clear();
        link.brokenUntil = scheduler.now() + link.backoff;
        link.backoff = Math.min(MAX_BACKOFF_NANOS, link.backoff * 2);
        Endpoint from = endpoints.get(link.from);
        if (from != null && from.up()) from.unreachable(link.to);
    }

    /** A node restarted: its streams start afresh (its old connections died with it). */
    public void restarted(long id) {
        for (Link link : links.values()) {
            if (link.from == id) {
                link.epoch++;
                link.held.clear();
                link.brokenUntil = 0;
                link.backoff = MIN_BACKOFF_NANOS;
            }
        }
    }

    /** Messages sent a second time by the profile's duplication. */
    public long duplicated() {
        return duplicated;
    }

    public long delivered() {
        return delivered;
    }

    public long dropped() {
        return dropped;
    }

    private Endpoint endpoint(long id) {
        Endpoint e = endpoints.get(id);
        return e != null ? e : NOWHERE;
    }

    private Link link(long from, long to) {
        return links.computeIfAbsent(from * 1_000_003L + to, k -> new Link(from, to));
    }

    private static final Endpoint NOWHERE = new Endpoint() {
        @Override
        public boolean up() {
            return false;
        }

        @Override
        public void receive(Message message) {}

        @Override
        public void unreachable(long peer) {}

        @Override
        public void snapshotSent(long peer, boolean success) {}
    };

    private static final class Link {
        final long from;
        final long to;
        boolean cut;
        long epoch;
        int inFlight;
        long lastDelivery;
        long brokenUntil;
        long backoff = MIN_BACKOFF_NANOS;
        boolean timeoutArmed;
        final List<Message> held = new ArrayList<>();

        Link(long from, long to) {
            this.from = from;
            this.to = to;
        }

        int queued() {
            return inFlight + held.size();
        }
    }
}
