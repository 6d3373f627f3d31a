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
import java.util.Optional;
import java.util.Set;
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
    /** Server name to node, learned from each member's /varz: in Docker n1, n2…; on hosts the hosts' names. */
    private final Map<String, Integer> nodes = new ConcurrentHashMap<>();
    private volatile String createFailure;

    NatsMonitor(Map<Integer, String> addresses, NatsBucket bucket) {
        this.addresses = addresses;
        this.bucket = bucket;
    }

    List<NodeStatus> statuses() {
        Map<Integer, Answer> answers = new java.util.TreeMap<>();
        for (var e : addresses.entrySet()) answers.put(e.getKey(), answer(e.getKey(), e.getValue()));
        return statuses(answers, bucket.stream(), bucket.replicas(), createFailure);
    }

    /** One member's answer: its view, or why there is none. */
    record Answer(View view, String error) {}

    /**
     * The members' statuses from their answers. With fewer replicas than members, a member that
     * holds none has no stream state of its own: it forwards its clients' requests to the
     * stream's leader, so it is listed as that leader's follower with nothing left to apply.
     * With a replica on every member, one without stream state (a fresh server the stream has
     * not placed its replica on yet, one removed from the stream, or no stream exists) is
     * listed as not answering, with what it said: it has not caught up.
     */
    static List<NodeStatus> statuses(Map<Integer, Answer> answers, String stream, int bucketReplicas,
            String createFailure) {
        Set<Integer> replicas = new java.util.TreeSet<>();
        NodeStatus.State leader = null;
        for (Answer a : answers.values()) {
            if (a.view() == null || a.view().state() == null) continue;
            replicas.addAll(a.view().replicas());
            NodeStatus.State s = a.view().state();
            if (s.role().equals(NodeStatus.State.LEADER)) leader = s;
        }
        List<NodeStatus> out = new ArrayList<>();
        for (var e : new java.util.TreeMap<>(answers).entrySet()) {
            int id = e.getKey();
            Answer a = e.getValue();
            if (a.view() == null) {
                out.add(NodeStatus.noAnswer(id, a.error()));
            } else if (a.view().state() != null) {
                out.add(NodeStatus.of(id, a.view().state()));
            } else if (bucketReplicas < answers.size() && !replicas.isEmpty() && !replicas.contains(id)
                    && leader != null) {
                out.add(NodeStatus.of(id, new NodeStatus.State("follower", 0, leader.leaderId(), leader.commitIndex(),
                        leader.commitIndex(), 0)));
            } else {
                String meta = a.view().metaLeader();
                out.add(NodeStatus.noAnswer(id, "meta leader " + (meta.isEmpty() ? "none" : meta) + ", no stream " + stream
                        + (createFailure == null ? "" : " (create: " + createFailure + ")")));
            }
        }
        return out;
    }

    /** Whether the member named a metadata leader at its last answer. */
    boolean knowsMetaLeader(int node) {
        return !metaLeaders.getOrDefault(node, "").isEmpty();
    }

    void noteCreateFailure(String why) {
        createFailure = why;
    }

    private Answer answer(int id, String address) {
        String host = host(address);
        try {
            if (!nodes.containsValue(id)) {
                JsonNode varz = get(host, "/varz");
                if (varz == null) return new Answer(null, "HTTP error on /varz");
                nodes.put(varz.path("server_name").asText("n" + id), id);
            }
            JsonNode jsz = get(host, "/jsz?accounts=true&streams=true");
            if (jsz == null) return new Answer(null, "HTTP error on /jsz");
            View v = view(id, jsz, bucket.stream(), name -> nodes.getOrDefault(name, nodeNumber(name)));
            metaLeaders.put(id, v.metaLeader());
            return new Answer(v, null);
        } catch (java.io.IOException e) {
            metaLeaders.remove(id);
            return new Answer(null, e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Answer(null, "interrupted");
        }
    }

    private static String host(String address) {
        return address.substring(0, address.lastIndexOf(':'));
    }

    /** The member's monitoring endpoint's answer at {@code path}; null for an HTTP error. */
    private JsonNode get(String host, String path) throws java.io.IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://" + host + ":" + NatsSystem.MONITOR_PORT + path))
                .timeout(PROBE_TIMEOUT).GET().build();
        HttpResponse<byte[]> r = http.send(request, HttpResponse.BodyHandlers.ofByteArray());
        return r.statusCode() == 200 ? JSON.readTree(r.body()) : null;
    }

    /**
     * What one member's /jsz says: its metadata leader's name (empty: none), its state in the
     * stream (null: it has no stream) and the stream's replicas it names (leader included).
     */
    record View(String metaLeader, NodeStatus.State state, Set<Integer> replicas) {}

    static View view(int id, JsonNode jsz, String stream) {
        return view(id, jsz, stream, NatsMonitor::nodeNumber);
    }

    /** @param nodeOf a member's node number by its server name (0: none) */
    static View view(int id, JsonNode jsz, String stream, java.util.function.ToIntFunction<String> nodeOf) {
        String metaLeader = jsz.path("meta_cluster").path("leader").asText("");
        for (JsonNode account : jsz.path("account_details")) {
            for (JsonNode s : account.path("stream_detail")) {
                if (!stream.equals(s.path("name").asText())) continue;
                String leader = s.path("cluster").path("leader").asText("");
                long last = s.path("state").path("last_seq").asLong();
                int leaderId = nodeOf.applyAsInt(leader);
                String role = leaderId == id ? NodeStatus.State.LEADER : leaderId == 0 ? "candidate" : "follower";
                Set<Integer> replicas = new java.util.TreeSet<>(Set.of(id));
                if (leaderId != 0) replicas.add(leaderId);
                for (JsonNode r : s.path("cluster").path("replicas")) {
                    int n = nodeOf.applyAsInt(r.path("name").asText(""));
                    if (n != 0) replicas.add(n);
                }
                return new View(metaLeader, new NodeStatus.State(role, 0, leaderId, last, last, last), replicas);
            }
        }
        return new View(metaLeader, null, Set.of());
    }

    /**
     * The node number (place) of a member named {@code n<i>}, or {@code n<i>-g<k>} for a fresh
     * server in that place ({@link NatsConfig#serverName}); 0 for anything else (no leader).
     */
    static int nodeNumber(String serverName) {
        java.util.regex.Matcher m = SERVER_NAME.matcher(serverName);
        return m.matches() ? Integer.parseInt(m.group(1)) : 0;
    }

    private static final java.util.regex.Pattern SERVER_NAME = java.util.regex.Pattern.compile("n([1-9]\\d{0,5})(-g\\d+)?");

    /**
     * JetStream's metadata group by server name, from the first member that leads it (only the
     * leader's /jsz lists the other servers, offline ones included); empty when none answers so.
     */
    Optional<List<String>> metaMembers() {
        for (String address : addresses.values()) {
            try {
                JsonNode jsz = get(host(address), "/jsz");
                if (jsz == null) continue;
                Optional<List<String>> m = metaMembers(jsz);
                if (m.isPresent()) return m;
            } catch (java.io.IOException e) {
                // that member is down or cut off: ask the next one
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return Optional.empty();
            }
        }
        return Optional.empty();
    }

    /** The metadata group in one member's /jsz when that member leads it: the leader and its replicas. */
    static Optional<List<String>> metaMembers(JsonNode jsz) {
        JsonNode meta = jsz.path("meta_cluster");
        String leader = meta.path("leader").asText("");
        if (leader.isEmpty() || !meta.path("replicas").isArray()) return Optional.empty();
        List<String> out = new ArrayList<>(List.of(leader));
        for (JsonNode r : meta.path("replicas")) out.add(r.path("name").asText());
        return Optional.of(out.stream().sorted().toList());
    }
}
