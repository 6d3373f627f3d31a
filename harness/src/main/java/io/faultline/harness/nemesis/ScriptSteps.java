package io.faultline.harness.nemesis;

import io.faultline.harness.system.NodeStatus;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * The waits and small moves the scripted faults ({@link VoteCrash}, {@link Figure8})
 * are made of. Every wait is bounded and polls the cluster every {@value #POLL_MS} ms.
 */
final class ScriptSteps {
    static final Duration CRASH_WAIT = Duration.ofSeconds(15);
    static final Duration ELECTION_WAIT = Duration.ofSeconds(20);
    private static final Duration TRANSFER_WAIT = Duration.ofSeconds(10);
    private static final long POLL_MS = 50;

    private final FaultTarget target;
    private final Consumer<String> log;
    private final String name;

    ScriptSteps(FaultTarget target, Consumer<String> log, String name) {
        this.target = target;
        this.log = log;
        this.name = name;
    }

    FaultTarget target() {
        return target;
    }

    void say(String line) {
        log.accept(name + ": " + line);
    }

    /** Asks {@code probe} every {@value #POLL_MS} ms until it finds something or {@code wait} is over. */
    private <T> Optional<T> poll(Duration wait, Supplier<Optional<T>> probe) throws InterruptedException {
        RunClock clock = target.clock();
        long deadline = clock.nanoTime() + wait.toNanos();
        while (true) {
            Optional<T> found = probe.get();
            if (found.isPresent() || clock.nanoTime() >= deadline) return found;
            clock.sleep(POLL_MS);
        }
    }

    /** The nodes among {@code candidates} whose process is gone, as soon as there is one; empty after the wait. */
    List<Integer> awaitGone(List<Integer> candidates, Duration wait) throws InterruptedException {
        return poll(wait, () -> Optional.of(candidates.stream().filter(n -> !target.running(n)).toList())
                .filter(gone -> !gone.isEmpty())).orElse(List.of());
    }

    /** Waits until {@code node} answers Admin.Status (it has started). */
    void awaitAnswer(int node) throws InterruptedException {
        poll(ELECTION_WAIT, () -> status(node));
    }

    /** The first node of {@code group} seen leading; empty after the wait. */
    Optional<NodeStatus> awaitLeaderAmong(List<Integer> group) throws InterruptedException {
        return poll(ELECTION_WAIT, () -> target.statuses().stream()
                .filter(s -> group.contains(s.id()) && s.isLeader()).findFirst());
    }

    /**
     * Waits, at most {@code wait}, until {@code node} leads {@code term} with a last index of at
     * least {@code lastIndex} (or has moved past {@code term}); returns its status then, or the
     * latest after the wait (empty if it does not answer).
     */
    Optional<NodeStatus> awaitLeadingTo(int node, long term, long lastIndex, Duration wait)
            throws InterruptedException {
        return poll(wait, () -> status(node).filter(s -> s.state().term() > term
                        || s.isLeader() && s.state().term() == term && s.state().lastIndex() >= lastIndex))
                .or(() -> status(node));
    }

    Optional<NodeStatus> status(int node) {
        return target.statuses().stream().filter(s -> s.id() == node && s.answered()).findFirst();
    }

    void arm(List<Integer> nodes, String point) {
        for (int n : nodes) target.armCrashPoint(n, point, 0);
    }

    /** after-commit on {@code node}, once its commit index reaches {@code index}. */
    void armCommitCrash(int node, long index) {
        target.armCrashPoint(node, "after-commit", index);
    }

    /** Best effort: a node that does not answer has nothing armed once it restarts anyway. */
    void disarm(int node) {
        try {
            target.armCrashPoint(node, "none", 0);
        } catch (RuntimeException e) {
            say("disarming n" + node + " failed: " + e.getMessage());
        }
    }

    /** A script's finding with the nodes it left down. */
    static Struck struck(FaultTarget target, Struck found) {
        return found.plus(Struck.all(target.nodes().stream().filter(n -> !target.running(n)).toList(), Effect.DOWN),
                java.util.Map.of());
    }

    /** Ends a script: disarms what did not fire, heals the network, restarts whatever is down. */
    static Struck end(FaultTarget target, Consumer<String> log, String name, Struck started) {
        Struck ended = struck(target, started);
        new ScriptSteps(target, log, name).disarmAll();
        target.healNetwork();
        for (int n : target.nodes()) target.restart(n);
        return ended;
    }

    void disarmAll() {
        for (int n : target.nodes()) {
            if (target.running(n)) disarm(n);
        }
    }

    /** Cuts {@code node} off from all others. */
    void isolate(int node) {
        List<Integer> nodes = target.nodes();
        List<Integer> rest = nodes.stream().filter(n -> n != node).toList();
        target.partition(Connectivity.groups(nodes, List.of(List.of(node), rest)));
    }

    /** Asks whoever leads to hand over to {@code to} until it leads; says how it went. */
    String handLeadership(int leader, int to) throws InterruptedException {
        RunClock clock = target.clock();
        long deadline = clock.nanoTime() + TRANSFER_WAIT.toNanos();
        String last = "no attempt";
        int from = leader;
        while (clock.nanoTime() < deadline) {
            try {
                target.transferLeader(from, to);
                return "leadership then handed to n" + to;
            } catch (RuntimeException e) {
                last = e.getMessage();
            }
            clock.sleep(200);
            Optional<Integer> now = target.leader();
            if (now.isPresent() && now.get() == to) return "leadership then handed to n" + to;
            if (now.isPresent()) from = now.get();
        }
        return "handing leadership to n" + to + " failed: " + last;
    }

    static String names(List<Integer> nodes) {
        return Connectivity.names(nodes);
    }
}
