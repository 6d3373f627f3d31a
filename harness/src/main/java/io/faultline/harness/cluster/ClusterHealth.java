package io.faultline.harness.cluster;

import io.faultline.harness.system.NodeStatus;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

/** Asks every node for its Raft status (through the system's session) and judges the cluster from the answers. */
public final class ClusterHealth {
    private static final long DEAD_MEMBER_CHECK_NANOS = 1_000_000_000L;

    private final Supplier<List<NodeStatus>> probe;

    public ClusterHealth(Supplier<List<NodeStatus>> probe) {
        this.probe = probe;
    }

    public List<NodeStatus> statuses() {
        return probe.get();
    }

    /** The leader of the highest term among the answers, if any node claims it. */
    public static Optional<Integer> leaderOf(Collection<NodeStatus> statuses) {
        return statuses.stream()
                .filter(NodeStatus::isLeader)
                .max((a, b) -> Long.compare(a.state().term(), b.state().term()))
                .map(NodeStatus::id);
    }

    public Optional<Integer> leader() {
        return leaderOf(statuses());
    }

    /**
     * Recovered: every node answers, all agree on one leader in one term, and every
     * node has applied everything the leader has committed — and no more: once a leader has
     * committed in its term no member can have applied past it, so one that says it has
     * holds a log the leader does not (NATS 2.9.10's replica that took a flipped sequence
     * number as its last, docs/findings.md).
     */
    public static boolean recovered(Collection<NodeStatus> statuses) {
        if (statuses.isEmpty() || statuses.stream().anyMatch(s -> !s.answered())) return false;
        Optional<Integer> leader = leaderOf(statuses);
        if (leader.isEmpty()) return false;
        NodeStatus l = statuses.stream().filter(s -> s.id() == leader.get()).findFirst().orElseThrow();
        long term = l.state().term();
        long commit = l.state().commitIndex();
        for (NodeStatus s : statuses) {
            if (s.state().term() != term || s.state().leaderId() != leader.get()) return false;
            if (s.state().appliedIndex() != commit) return false;
        }
        return true;
    }

    /** Waits for a leader; the exception carries the last statuses as evidence. */
    public int awaitLeader(Duration timeout) throws InterruptedException {
        return awaitLeader(timeout, Optional::empty);
    }

    /**
     * Waits for a leader, and gives up at once (about every second it asks) when
     * {@code deadMember} names a member that cannot start.
     */
    public int awaitLeader(Duration timeout, Supplier<Optional<String>> deadMember) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        long nextCheck = System.nanoTime();
        List<NodeStatus> last = List.of();
        while (System.nanoTime() < deadline) {
            last = statuses();
            Optional<Integer> leader = leaderOf(last);
            if (leader.isPresent()) return leader.get();
            if (System.nanoTime() >= nextCheck) {
                Optional<String> dead = deadMember.get();
                if (dead.isPresent()) throw new ClusterException(dead.get());
                nextCheck = System.nanoTime() + DEAD_MEMBER_CHECK_NANOS;
            }
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
