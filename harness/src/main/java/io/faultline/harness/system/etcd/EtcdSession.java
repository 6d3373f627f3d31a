package io.faultline.harness.system.etcd;

import io.etcd.jetcd.Client;
import io.etcd.jetcd.api.MaintenanceGrpc;
import io.etcd.jetcd.api.StatusRequest;
import io.etcd.jetcd.api.StatusResponse;
import io.faultline.harness.system.FailoverClient;
import io.faultline.harness.system.NodeStatus;
import io.faultline.harness.system.SystemClient;
import io.faultline.harness.system.SystemSession;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import io.grpc.StatusRuntimeException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * One jetcd client per member, shared by every worker (a jetcd client is thread-safe
 * and each one holds an executor and a channel; one per worker and member would be
 * hundreds at 128 workers). Each client talks to its member only, so the harness
 * decides where an operation goes, as for every system. Statuses come from etcd's
 * Maintenance.Status on a plain channel per member, with a deadline.
 */
final class EtcdSession implements SystemSession {
    private static final Duration PROBE_TIMEOUT = Duration.ofMillis(700);

    private final Map<Integer, Client> clients = new TreeMap<>();
    private final Map<Integer, ManagedChannel> statusChannels = new TreeMap<>();
    /** etcd's member ids, learnt from the members' status answers, to name the leader by node number. */
    private final Map<Long, Integer> nodeByMemberId = new ConcurrentHashMap<>();
    private final boolean serializableReads;

    EtcdSession(Map<Integer, String> addresses, boolean serializableReads) {
        this.serializableReads = serializableReads;
        for (var e : new TreeMap<>(addresses).entrySet()) {
            clients.put(e.getKey(), Client.builder()
                    .endpoints("http://" + e.getValue())
                    // The harness decides what to retry: a retried cas could swap twice or report a swap it made as a mismatch.
                    .retryMaxAttempts(0)
                    // A dead member must fail at once (connection refused: definitely not sent), not wait for the deadline.
                    .waitForReady(false)
                    .connectTimeout(Duration.ofSeconds(1))
                    // A member without a leader then refuses at once, which is a definite "not applied".
                    .header("hasleader", "true")
                    .build());
            statusChannels.put(e.getKey(), ManagedChannelBuilder.forTarget(e.getValue()).usePlaintext().build());
        }
    }

    @Override
    public List<NodeStatus> statuses() {
        List<StatusAnswer> answers = new ArrayList<>();
        for (var e : statusChannels.entrySet()) answers.add(status(e.getKey(), e.getValue()));
        List<NodeStatus> out = new ArrayList<>();
        for (StatusAnswer a : answers) out.add(a.toNodeStatus(nodeByMemberId));
        return out;
    }

    private StatusAnswer status(int id, ManagedChannel channel) {
        try {
            StatusResponse r = MaintenanceGrpc.newBlockingStub(channel)
                    .withDeadlineAfter(PROBE_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)
                    .status(StatusRequest.getDefaultInstance());
            nodeByMemberId.put(r.getHeader().getMemberId(), id);
            return new StatusAnswer(id, r, null);
        } catch (StatusRuntimeException e) {
            return new StatusAnswer(id, null, e.getStatus().getCode().name());
        }
    }

    /** One member's answer; its leader is named by node number once that member's id is known. */
    private record StatusAnswer(int id, StatusResponse response, String error) {
        NodeStatus toNodeStatus(Map<Long, Integer> nodeByMemberId) {
            if (response == null) return NodeStatus.noAnswer(id, error);
            long self = response.getHeader().getMemberId();
            long leader = response.getLeader();
            String role = leader == 0 ? "candidate" : leader == self ? NodeStatus.State.LEADER : "follower";
            // etcd reports no last log index; its committed index stands in for it.
            return NodeStatus.of(id, new NodeStatus.State(role, response.getRaftTerm(),
                    nodeByMemberId.getOrDefault(leader, 0), response.getRaftIndex(), response.getRaftAppliedIndex(),
                    response.getRaftIndex()));
        }
    }

    @Override
    public SystemClient client(Duration opTimeout, int firstNode) {
        return new FailoverClient(new ArrayList<>(clients.keySet()), new EtcdCaller(clients, serializableReads),
                opTimeout, firstNode);
    }

    @Override
    public SystemClient boundClient(Duration opTimeout, int node) {
        // A failover client that knows no other node: refusals are retried there and end as fail.
        return new FailoverClient(List.of(node), new EtcdCaller(Map.of(node, clients.get(node)), serializableReads),
                opTimeout, node);
    }

    @Override
    public void close() {
        clients.values().forEach(Client::close);
        statusChannels.values().forEach(ManagedChannel::shutdownNow);
    }
}
