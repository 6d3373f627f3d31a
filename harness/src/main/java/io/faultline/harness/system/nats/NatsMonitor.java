package io.faultline.harness.system.nats;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.faultline.harness.system.NodeStatus;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Each member's own view, from its monitoring endpoint ({@code /jsz?accounts=true&streams=true},
 * answered by the member alone): the JetStream metadata leader it knows, and for the bucket's
 * stream the leader it knows and the last sequence in its own store. A member is the leader when
 * it names itself the stream's leader. nats-server 2.9 shows no Raft term, so the term is 0; the
 * last sequence of the member's store stands in for its commit and applied index, so "recovered"
 * means every member holds what the leader holds. The endpoint is on the member's address at
 * the monitoring port: reachable where the harness reaches the members' private addresses.
 */
final class NatsMonitor {
    private static final Duration PROBE_TIMEOUT = Duration.ofMillis(700);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Map<Integer, String> addresses;
    private final NatsBucket bucket;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(PROBE_TIMEOUT).build();
    private final Map<Integer, String> metaLeaders = new ConcurrentHashMap<>();
    private volatile String createFailure;

    NatsMonitor(Map<Integer, String> addresses, NatsBucket bucket) {
        this.addresses = addresses;
        this.bucket = bucket;
    }

    List<NodeStatus> statuses() {
        List<NodeStatus> out = new ArrayList<>();
        for (var e : addresses.entrySet()) out.add(status(e.getKey(), e.getValue()));
        return out;
    }

    /** Whether the member named a metadata leader at its last answer. */
    boolean knowsMetaLeader(int node) {
        return !metaLeaders.getOrDefault(node, "").isEmpty();
    }

    void noteCreateFailure(String why) {
        createFailure = why;
    }

    private NodeStatus status(int id, String address) {
        String host = address.substring(0, address.lastIndexOf(':'));
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://" + host + ":" + NatsSystem.MONITOR_PORT
                + "/jsz?accounts=true&streams=true")).timeout(PROBE_TIMEOUT).GET().build();
        try {
            HttpResponse<byte[]> r = http.send(request, HttpResponse.BodyHandlers.ofByteArray());
            if (r.statusCode() != 200) return NodeStatus.noAnswer(id, "HTTP " + r.statusCode());
            View v = view(id, JSON.readTree(r.body()), bucket.stream());
            metaLeaders.put(id, v.metaLeader());
            if (v.state() == null) {
                // Not a Raft state of the store yet: the member is listed as not answering, with why.
                String why = "meta leader " + (v.metaLeader().isEmpty() ? "none" : v.metaLeader()) + ", no stream "
                        + bucket.stream() + (createFailure == null ? "" : " (create: " + createFailure + ")");
                return NodeStatus.noAnswer(id, why);
            }
            return NodeStatus.of(id, v.state());
        } catch (java.io.IOException e) {
            metaLeaders.remove(id);
            return NodeStatus.noAnswer(id, e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return NodeStatus.noAnswer(id, "interrupted");
        }
    }

    /** What one member's /jsz says: its metadata leader's name (empty: none) and its state in the stream (null: no stream). */
    record View(String metaLeader, NodeStatus.State state) {}

    static View view(int id, JsonNode jsz, String stream) {
        String metaLeader = jsz.path("meta_cluster").path("leader").asText("");
        for (JsonNode account : jsz.path("account_details")) {
            for (JsonNode s : account.path("stream_detail")) {
                if (!stream.equals(s.path("name").asText())) continue;
                String leader = s.path("cluster").path("leader").asText("");
                long last = s.path("state").path("last_seq").asLong();
                int leaderId = nodeNumber(leader);
                String role = leaderId == id ? NodeStatus.State.LEADER : leaderId == 0 ? "candidate" : "follower";
                return new View(metaLeader, new NodeStatus.State(role, 0, leaderId, last, last, last));
            }
        }
        return new View(metaLeader, null);
    }

    /** The node number of a member named {@code n<i>}; 0 for anything else (no leader). */
    static int nodeNumber(String serverName) {
        if (serverName.length() < 2 || serverName.charAt(0) != 'n') return 0;
        try {
            return Integer.parseInt(serverName.substring(1));
        } catch (NumberFormatException e) {
            return 0;
        }
    }
}
