package io.faultline.harness.system.nats;

import com.fasterxml.jackson.databind.JsonNode;
import io.faultline.harness.system.MemberChanges;
import io.faultline.harness.system.MembershipCalls;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.TreeSet;
import java.util.function.Supplier;

/**
 * Membership changes through JetStream's API. The members are the servers of JetStream's
 * metadata group (as its leader lists them), by place: server {@code n3} or a fresh
 * {@code n3-g2} is place 3. A removal is two requests any member forwards to the leaders:
 * {@code $JS.API.STREAM.PEER.REMOVE.<stream>} takes the server out of the bucket's stream
 * first (nats-server 2.9.10 answers "peer remap failed" when no spare server can take its
 * replica, and removes it all the same; a server already out answers "peer not a member"),
 * then {@code $JS.API.SERVER.REMOVE} takes it out of the metadata group, and the removed
 * server disables its JetStream. The stream goes first because 2.9.10, asked to remove the
 * metadata leader itself, shrinks the metadata group but leaves the server in the stream's
 * replicas for good. A fresh server is added by starting it under its new name: it joins by
 * its routes, and the metadata leader places the stream's missing replica on it.
 */
final class NatsMembers implements MemberChanges {
    /** One JetStream API request on a member's connection: the JSON answer, or a {@link NatsApiError}. */
    @FunctionalInterface
    interface Api {
        JsonNode request(int node, String subject, String body) throws Exception;
    }

    static final String SERVER_REMOVE = "$JS.API.SERVER.REMOVE";
    static final String STREAM_PEER_REMOVE = "$JS.API.STREAM.PEER.REMOVE.";
    /** The server was taken out of the stream, with no other server to take its replica. */
    static final int PEER_REMAP_FAILED = 10075;
    static final int PEER_NOT_A_MEMBER = 10040;

    private final List<Integer> nodes;
    private final Api api;
    private final Supplier<Optional<List<String>>> metaMembers;
    private final String stream;
    private final Duration timeout;
    private final Duration settle;

    /**
     * @param metaMembers the metadata group's servers by name, from whichever member leads it; empty when none answers
     * @param timeout     how long a change is asked for ({@link MembershipCalls})
     * @param settle      how long one ask waits for the leader to list the change
     */
    NatsMembers(List<Integer> nodes, Api api, Supplier<Optional<List<String>>> metaMembers, String stream,
            Duration timeout, Duration settle) {
        this.nodes = List.copyOf(nodes);
        this.api = api;
        this.metaMembers = metaMembers;
        this.stream = stream;
        this.timeout = timeout;
        this.settle = settle;
    }

    @Override
    public List<Integer> members() {
        return places(listed());
    }

    @Override
    public List<Integer> remove(int place) {
        String server = listed().stream().filter(s -> NatsMonitor.nodeNumber(s) == place).findFirst()
                .orElseThrow(() -> new IllegalStateException("n" + place + " is no member of JetStream's metadata group"));
        // The removed server disables its JetStream: ask the others first.
        List<Integer> order = new ArrayList<>(nodes.stream().filter(n -> n != place).toList());
        if (nodes.contains(place)) order.add(place);
        return places(MembershipCalls.untilDone("remove " + server, order, node -> removeVia(node, server),
                metaMembers, list -> !list.contains(server), timeout, e -> String.valueOf(e.getMessage())));
    }

    private List<String> removeVia(int node, String server) throws Exception {
        String body = "{\"peer\":\"" + server + "\"}";
        try {
            api.request(node, STREAM_PEER_REMOVE + stream, body);
        } catch (NatsApiError e) {
            if (e.errCode != PEER_REMAP_FAILED && e.errCode != PEER_NOT_A_MEMBER) throw e;
        }
        api.request(node, SERVER_REMOVE, body);
        long deadline = System.nanoTime() + settle.toNanos();
        while (true) {
            Optional<List<String>> now = metaMembers.get();
            if (now.isPresent() && !now.get().contains(server)) return now.get();
            if (System.nanoTime() >= deadline) {
                throw new IllegalStateException(server + " removed, but the metadata leader still lists it: "
                        + now.map(String::valueOf).orElse("no leader answered"));
            }
            Thread.sleep(100);
        }
    }

    /**
     * Nothing to ask: NATS adds a server to its metadata group when the server routes in, so the
     * members returned are those listed now and the place's fresh server about to start. The old
     * server must be gone, or the fresh one would share its place.
     */
    @Override
    public List<Integer> add(int place, int generation) {
        List<String> now = listed();
        if (now.stream().anyMatch(s -> NatsMonitor.nodeNumber(s) == place)) {
            throw new IllegalStateException("add " + NatsConfig.serverName(place, generation) + ": n" + place
                    + " is still a member " + now);
        }
        TreeSet<Integer> after = new TreeSet<>(places(now));
        after.add(place);
        return List.copyOf(after);
    }

    private List<String> listed() {
        return metaMembers.get().orElseThrow(() -> new IllegalStateException(
                "no member names JetStream's metadata group (no metadata leader answered)"));
    }

    private static List<Integer> places(List<String> servers) {
        return servers.stream().map(NatsMonitor::nodeNumber).sorted().toList();
    }
}
