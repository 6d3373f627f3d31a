package io.faultline.harness.system.nats;

import io.faultline.harness.system.FailoverClient;
import io.faultline.harness.system.NodeStatus;
import io.faultline.harness.system.SystemClient;
import io.faultline.harness.system.SystemSession;
import io.nats.client.Connection;
import io.nats.client.ErrorListener;
import io.nats.client.JetStreamApiException;
import io.nats.client.JetStreamOptions;
import io.nats.client.Nats;
import io.nats.client.Options;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * One jnats connection per member, shared by every worker (a connection is thread-safe), each
 * pinned to its member: servers the member names are ignored, it reconnects to that member only,
 * and nothing is queued while it does, so the harness decides where an operation goes. The
 * connections are made on first use (the members start after the session). Each member's own
 * view comes from its monitoring endpoint; the bucket is created the first time a member names
 * a metadata leader.
 */
final class NatsSession implements SystemSession {
    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(1);
    private static final Duration CREATE_TIMEOUT = Duration.ofSeconds(2);
    private static final Duration MEMBERSHIP_CALL_TIMEOUT = Duration.ofSeconds(5);
    private static final Duration MEMBERSHIP_TIMEOUT = Duration.ofSeconds(20);
    /**
     * How long an accepted removal may take to be listed: removing the metadata leader leaves the
     * group without one (and so without a listing) until the servers left elect one, which took
     * 2.9.10 seconds; asking again meanwhile only waits out a request timeout on each member.
     */
    private static final Duration MEMBERSHIP_SETTLE = Duration.ofSeconds(15);

    private final Map<Integer, String> addresses;
    private final Map<Integer, Connection> connections = new java.util.concurrent.ConcurrentHashMap<>();
    /** One lock per member: a slow connect to one member does not hold up the workers of another. */
    private final Map<Integer, Object> connecting = new TreeMap<>();
    private final NatsBucket bucket;
    private final NatsMonitor monitor;
    private final NatsMembers members;
    private volatile boolean bucketCreated;
    private volatile boolean closed;

    NatsSession(Map<Integer, String> addresses, NatsBucket bucket) {
        this.addresses = new TreeMap<>(addresses);
        this.bucket = bucket;
        this.monitor = new NatsMonitor(this.addresses, bucket);
        for (int id : this.addresses.keySet()) connecting.put(id, new Object());
        this.members = new NatsMembers(List.copyOf(this.addresses.keySet()), this::request, monitor::metaMembers,
                bucket.stream(), MEMBERSHIP_TIMEOUT, MEMBERSHIP_SETTLE);
    }

    /** The member's connection, made now if there is none; NotConnected when the member cannot be reached. */
    Connection connection(int node) throws NatsOutcomes.NotConnected {
        Connection c = connections.get(node);
        if (c != null) return c;
        synchronized (connecting.get(node)) {
            if (closed) throw new NatsOutcomes.NotConnected("session closed", null);
            c = connections.get(node);
            if (c != null) return c;
            try {
                c = Nats.connect(options(addresses.get(node)));
            } catch (IOException e) {
                throw new NatsOutcomes.NotConnected("n" + node + ": " + e.getMessage(), e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new NatsOutcomes.NotConnected("interrupted", e);
            }
            connections.put(node, c);
            return c;
        }
    }

    private static Options options(String address) {
        return new Options.Builder()
                .server("nats://" + address)
                .connectionTimeout(CONNECT_TIMEOUT)
                // Only this member: the servers it names are not tried, and a lost connection is made again to it.
                .ignoreDiscoveredServers()
                .noRandomize()
                .maxReconnects(-1)
                .reconnectWait(Duration.ofMillis(100))
                // Nothing is sent later from a buffer: a request made while reconnecting fails at once (not sent).
                .reconnectBufferSize(0)
                // A request nobody received answers 503 at once instead of waiting out the timeout.
                .reportNoResponders()
                .errorListener(new ErrorListener() {})
                .connectionListener((conn, event) -> { })
                .build();
    }

    @Override
    public List<NodeStatus> statuses() {
        List<NodeStatus> out = monitor.statuses();
        if (!bucketCreated && out.stream().anyMatch(s -> monitor.knowsMetaLeader(s.id()))) {
            createBucket(out);
        }
        return out;
    }

    /**
     * Creates the bucket's stream through a member that names a metadata leader. Creating a
     * stream that exists with the same settings succeeds, so a retry after a lost answer is harmless.
     */
    private synchronized void createBucket(List<NodeStatus> statuses) {
        if (bucketCreated) return;
        for (NodeStatus s : statuses) {
            if (!monitor.knowsMetaLeader(s.id())) continue;
            try {
                connection(s.id()).jetStreamManagement(JetStreamOptions.builder().requestTimeout(CREATE_TIMEOUT).build())
                        .addStream(bucket.streamConfiguration());
                bucketCreated = true;
                return;
            } catch (NatsOutcomes.NotConnected | IOException | JetStreamApiException | RuntimeException e) {
                monitor.noteCreateFailure("n" + s.id() + ": " + e.getMessage());
            }
        }
    }

    @Override
    public SystemClient client(Duration opTimeout, int firstNode) {
        return new FailoverClient(new ArrayList<>(addresses.keySet()), new NatsCaller(this::connection, bucket),
                opTimeout, firstNode);
    }

    @Override
    public SystemClient boundClient(Duration opTimeout, int node) {
        // A failover client that knows no other node: refusals are retried there and end as fail.
        return new FailoverClient(List.of(node), new NatsCaller(this::connection, bucket), opTimeout, node);
    }

    @Override
    public java.util.Optional<io.faultline.harness.system.MemberChanges> memberChanges() {
        return java.util.Optional.of(members);
    }

    private com.fasterxml.jackson.databind.JsonNode request(int node, String subject, String body) throws Exception {
        io.nats.client.Message reply = connection(node).request(subject,
                body.getBytes(java.nio.charset.StandardCharsets.UTF_8), MEMBERSHIP_CALL_TIMEOUT);
        if (reply == null) throw new java.util.concurrent.TimeoutException(subject + ": no answer in " + MEMBERSHIP_CALL_TIMEOUT);
        return NatsCaller.answer(reply, false);
    }

    @Override
    public void close() {
        closed = true;
        for (int id : connecting.keySet()) {
            Connection c;
            synchronized (connecting.get(id)) {
                c = connections.remove(id);
            }
            if (c == null) continue;
            try {
                c.close();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
