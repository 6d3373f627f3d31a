package io.faultline.harness.cluster;

import io.faultline.kv.api.AdminGrpc;
import io.faultline.kv.api.StatusRequest;
import io.grpc.ManagedChannel;
import io.grpc.StatusRuntimeException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/** Asks every node for its Raft status (Admin.Status) and judges the cluster from the answers. */
public final class ClusterHealth {
    private static final Duration PROBE_TIMEOUT = Duration.ofMillis(700);

    private final Map<Integer, ManagedChannel> channels;

    ClusterHealth(Map<Integer, ManagedChannel> channels) {
        this.channels = channels;
    }

    public List<NodeStatus> statuses() {
        List<NodeStatus> out = new ArrayList<>();
        for (var e : channels.entrySet()) out.add(status(e.getKey(), e.getValue()));
        return out;
    }

    private static NodeStatus status(int id, ManagedChannel channel) {
        try {
            var response = AdminGrpc.newBlockingStub(channel)
                    .withDeadlineAfter(PROBE_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)
                    .status(StatusRequest.getDefaultInstance());
            return new NodeStatus(id, response, null);
        } catch (StatusRuntimeException e) {
            return new NodeStatus(id, null, e.getStatus().getCode().name());
        }
    }

    /** The leader of the highest term among the answers, if any node claims it. */
    public static Optional<Integer> leaderOf(Collection<NodeStatus> statuses) {
        return statuses.stream()
                .filter(NodeStatus::isLeader)
                .max((a, b) -> Long.compare(a.status().getTerm(), b.status().getTerm()))
                .map(NodeStatus::id);
    }

    public Optional<Integer> leader() {
        return leaderOf(statuses());
    }

    /**
     * Recovered: every node answers, all agree on one leader in one term, and every
     * node has applied everything the leader has committed.
     */
    public static boolean recovered(Collection<NodeStatus> statuses) {
        if (statuses.isEmpty() || statuses.stream().anyMatch(s -> !s.answered())) return false;
        Optional<Integer> leader = leaderOf(statuses);
        if (leader.isEmpty()) return false;
        NodeStatus l = statuses.stream().filter(s -> s.id() == leader.get()).findFirst().orElseThrow();
        long term = l.status().getTerm();
        long commit = l.status().getCommitIndex();
        for (NodeStatus s : statuses) {
            if (s.status().getTerm() != term || s.status().getLeaderId() != leader.get()) return false;
            if (s.status().getAppliedIndex() < commit) return false;
        }
        return true;
    }

    /** Waits for a leader; the exception carries the last statuses as evidence. */
    public int awaitLeader(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        List<NodeStatus> last = List.of();
        while (System.nanoTime() < deadline) {
            last = statuses();
            Optional<Integer> leader = leaderOf(last);
            if (leader.isPresent()) return leader.get();
            Thread.sleep(200);
        }
        throw new ClusterException("no leader within " + timeout.toSeconds() + " s; last statuses: " + last);
    }

    /** Polls until {@link #recovered} or the timeout; the answer carries the time it took and the evidence. */
    public Recovery awaitRecovery(Duration timeout) throws InterruptedException {
        long start = System.nanoTime();
        long deadline = start + timeout.toNanos();
        List<NodeStatus> last = List.of();
        while (System.nanoTime() < deadline) {
            last = statuses();
            if (recovered(last)) {
                return new Recovery(true, (System.nanoTime() - start) / 1_000_000, statusLines(last));
            }
            Thread.sleep(250);
        }
        return new Recovery(false, (System.nanoTime() - start) / 1_000_000, statusLines(last));
    }

    private static List<String> statusLines(List<NodeStatus> statuses) {
        return statuses.stream().map(NodeStatus::toString).toList();
    }

    /** Outcome of waiting for recovery, with the last statuses seen as evidence. */
    public record Recovery(boolean recovered, long millis, List<String> evidence) {}
}
