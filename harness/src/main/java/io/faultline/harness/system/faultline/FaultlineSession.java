package io.faultline.harness.system.faultline;

import io.faultline.harness.system.CrashPoints;
import io.faultline.harness.system.FailoverClient;
import io.faultline.harness.system.NodeStatus;
import io.faultline.harness.system.SystemClient;
import io.faultline.harness.system.SystemSession;
import io.faultline.kv.api.AdminGrpc;
import io.faultline.kv.api.CrashPointRequest;
import io.faultline.kv.api.StatusRequest;
import io.faultline.kv.api.StatusResponse;
import io.faultline.kv.api.TransferLeaderRequest;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import io.grpc.StatusRuntimeException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/** The node's Admin API (Status, ArmCrashPoint, TransferLeader) on one channel per node. */
final class FaultlineSession implements SystemSession, CrashPoints {
    private static final Duration PROBE_TIMEOUT = Duration.ofMillis(700);
    private static final Duration ADMIN_TIMEOUT = Duration.ofSeconds(2);
    private static final Duration TRANSFER_TIMEOUT = Duration.ofMillis(1500);

    private final Map<Integer, String> addresses;
    private final Map<Integer, ManagedChannel> channels = new LinkedHashMap<>();

    FaultlineSession(Map<Integer, String> addresses) {
        this.addresses = Map.copyOf(addresses);
        for (var e : new java.util.TreeMap<>(addresses).entrySet()) {
            channels.put(e.getKey(), ManagedChannelBuilder.forTarget(e.getValue()).usePlaintext().build());
        }
    }

    @Override
    public List<NodeStatus> statuses() {
        List<NodeStatus> out = new ArrayList<>();
        for (int id : channels.keySet()) out.add(status(id));
        return out;
    }

    private NodeStatus status(int id) {
        try {
            StatusResponse r = admin(id, PROBE_TIMEOUT).status(StatusRequest.getDefaultInstance());
            return NodeStatus.of(id, new NodeStatus.State(r.getRole(), r.getTerm(), r.getLeaderId(),
                    r.getCommitIndex(), r.getAppliedIndex(), r.getLastIndex()));
        } catch (StatusRuntimeException e) {
            return NodeStatus.noAnswer(id, e.getStatus().getCode().name());
        }
    }

    @Override
    public SystemClient client(Duration opTimeout, int firstNode) {
        return FaultlineSystem.client(addresses, opTimeout, firstNode);
    }

    @Override
    public SystemClient boundClient(Duration opTimeout, int node) {
        // A failover client that knows no other node: refusals are retried there and end as fail.
        return FaultlineSystem.client(Map.of(node, addresses.get(node)), opTimeout, node);
    }

    @Override
    public Optional<CrashPoints> crashPoints() {
        return Optional.of(this);
    }

    @Override
    public void arm(int node, String point, long commitIndex) {
        admin(node, ADMIN_TIMEOUT).armCrashPoint(
                CrashPointRequest.newBuilder().setPoint(point).setCommitIndex(commitIndex).build());
    }

    @Override
    public void transferLeader(int leader, int to) {
        admin(leader, TRANSFER_TIMEOUT).transferLeader(TransferLeaderRequest.newBuilder().setTo(to).build());
    }

    private AdminGrpc.AdminBlockingStub admin(int id, Duration timeout) {
        ManagedChannel channel = channels.get(id);
        if (channel == null) throw new IllegalArgumentException("no node " + id);
        return AdminGrpc.newBlockingStub(channel).withDeadlineAfter(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    @Override
    public void close() {
        Channels.closeAll(channels.values());
    }
}
