package io.faultline.harness.system.etcd;

import io.etcd.jetcd.Client;
import io.etcd.jetcd.api.MaintenanceGrpc;
import io.etcd.jetcd.api.StatusRequest;
import io.etcd.jetcd.api.StatusResponse;
import io.faultline.harness.system.MembershipCalls;
import io.faultline.harness.system.FailoverClient;
import io.faultline.harness.system.MemberChanges;
import io.faultline.harness.system.Membership;
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
final class EtcdSession implements SystemSession, MemberChanges {
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
    public java.util.Optional<MemberChanges> memberChanges() {
        return java.util.Optional.of(this);
    }

    @Override
    public List<Integer> members() {
        return places(memberList().orElseThrow(() -> new IllegalStateException("no member answered MemberList")));
    }

    /** etcd's member remove (the removed member stops itself once it learns it). */
    @Override
    public List<Integer> remove(int place) {
        return change("remove n" + place, list -> list.stream().noneMatch(m -> placeOf(m) == place), c -> {
            long id = memberList().orElseThrow(() -> new IllegalStateException("no member answered MemberList"))
                    .stream().filter(m -> placeOf(m) == place).findFirst()
                    .orElseThrow(() -> new IllegalStateException("n" + place + " is no member")).getId();
            return c.getClusterClient().removeMember(id).get(MEMBERSHIP_CALL_SECONDS, TimeUnit.SECONDS).getMembers();
        });
    }

    /** etcd's member add with the place's peer URL; the member then starts with {@code --initial-cluster-state existing}. */
    @Override
    public List<Integer> add(int place, int generation) {
        java.net.URI peer = java.net.URI.create(EtcdSystem.peerUrl(place));
        return change("add n" + place, list -> list.stream().anyMatch(m -> placeOf(m) == place),
                c -> c.getClusterClient().addMember(List.of(peer)).get(MEMBERSHIP_CALL_SECONDS, TimeUnit.SECONDS)
                        .getMembers());
    }

    private static final long MEMBERSHIP_CALL_SECONDS = 5;
    private static final java.time.Duration MEMBERSHIP_TIMEOUT = java.time.Duration.ofSeconds(20);

    @FunctionalInterface
    private interface Call {
        List<io.etcd.jetcd.cluster.Member> on(Client client) throws Exception;
    }

    /** Asks each member in turn until one carries out {@code call} ({@link MembershipCalls}). */
    private List<Integer> change(String what, java.util.function.Predicate<List<io.etcd.jetcd.cluster.Member>> done,
            Call call) {
        return places(MembershipCalls.untilDone(what, clients.keySet(), id -> call.on(clients.get(id)),
                this::memberList, done, MEMBERSHIP_TIMEOUT, e -> String.valueOf(e.getCause() != null ? e.getCause() : e)));
    }

    private java.util.Optional<List<io.etcd.jetcd.cluster.Member>> memberList() {
        for (Client c : clients.values()) {
            try {
                return java.util.Optional.of(c.getClusterClient().listMember().get(MEMBERSHIP_CALL_SECONDS, TimeUnit.SECONDS)
                        .getMembers());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return java.util.Optional.empty();
            } catch (Exception e) {
                // that member is down or cut off: ask the next one
            }
        }
        return java.util.Optional.empty();
    }

    /** The place of a member: the host of its peer URL ({@code n3}); a member added and not started has no name yet. */
    private static int placeOf(io.etcd.jetcd.cluster.Member m) {
        for (java.net.URI u : m.getPeerURIs()) {
            String host = u.getHost();
            if (host != null && host.matches("n\\d+")) return Integer.parseInt(host.substring(1));
        }
        return 0;
    }

    private static List<Integer> places(List<io.etcd.jetcd.cluster.Member> members) {
        return members.stream().map(EtcdSession::placeOf).sorted().toList();
    }

    @Override
    public void close() {
        clients.values().forEach(Client::close);
        statusChannels.values().forEach(ManagedChannel::shutdownNow);
    }
}
