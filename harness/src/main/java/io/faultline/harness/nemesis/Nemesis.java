package io.faultline.harness.nemesis;

import io.faultline.checker.history.Op;
import io.faultline.harness.history.HistoryRecorder;
import io.faultline.harness.system.NodeStatus;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;

/**
 * Carries out a {@link FaultSchedule}: starts and ends each fault at its time,
 * records both as nemesis ops ({@code start-<kind>}, {@code stop-<kind>}) and logs
 * them. {@link #healAll()} undoes whatever is still in effect, also after an abort.
 */
public final class Nemesis {
    private final FaultTarget target;
    private final HistoryRecorder history;
    private final Consumer<String> log;
    /**
     * How long a scripted fault waits, at least, for every node to be up, and a fault aimed at
     * the leader for a leader: a loaded machine takes that long to restart the nodes' JVMs.
     */
    static final long ALL_UP_WAIT_MILLIS = 30_000;
    private final Changes changes;
    private final List<Injected> injected = new CopyOnWriteArrayList<>();
    private final Set<Integer> killed = new TreeSet<>();
    private final Set<Integer> paused = new TreeSet<>();
    /** Guards {@link #stopped} and {@link #finishing}; {@link #run}'s waits wake on either. */
    private final Object signal = new Object();
    private boolean stopped;
    private boolean finishing;
    private volatile Active active;

    /** A fault that was started, with what it resolved to; {@code endNanos} is 0 while it lasts. */
    public record Injected(String kind, String description, long startNanos, long endNanos, String error) {}

    /** {@code found}: what a scripted fault observed, recorded with its stop op. */
    private record Active(Fault fault, String description, List<Integer> nodes, long startNanos,
            Map<String, Object> found) {}

    /** Told the moment a fault starts or stops (the console prints it then, not at its next progress tick). */
    @FunctionalInterface
    public interface Changes {
        /** @param event "started: kill n3 (leader)", "stopped: kill n3 (leader)", with "  FAILED: why" when it failed */
        void changed(double atSeconds, String event);
    }

    public Nemesis(FaultTarget target, HistoryRecorder history, Consumer<String> log) {
        this(target, history, log, (at, event) -> {});
    }

    public Nemesis(FaultTarget target, HistoryRecorder history, Consumer<String> log, Changes changes) {
        this.target = target;
        this.history = history;
        this.log = log;
        this.changes = changes;
    }

    private void announce(Op op, String verb, String description, String error) {
        changes.changed(op.time() / 1e9, verb + ": " + description + (error == null ? "" : "  FAILED: " + error));
    }

    /**
     * Runs the schedule from {@code startNanos} (System.nanoTime of the workload
     * start) until it is done or {@link #stop()} is called; a fault in effect then
     * stays until {@link #healAll()}. A fault action under way is never cut short
     * (an interrupted docker exec would leave the node in an unknown state).
     * After {@link #finish()} no new fault starts, and the one in effect ends at its time.
     */
    public void run(FaultSchedule schedule, long startNanos) {
        try {
            FaultSchedule.Planned previous = null;
            long previousEnded = 0;
            for (FaultSchedule.Planned p : schedule.faults()) {
                long startAt = startNanos + p.startMillis() * 1_000_000;
                // The calm planned between two faults is kept when the first ran late (a scripted
                // fault takes 20-35 s on a loaded machine): what a fault broke shows only in the
                // operations after it, and the next fault starting at once would hide it (a
                // partition of the leader that a scripted fault just made deposes it at once).
                if (previous != null) {
                    startAt = Math.max(startAt, previousEnded + (p.startMillis() - previous.endMillis()) * 1_000_000);
                }
                if (waitUntil(startAt, true)) return;
                if (awaitReady(p, startNanos)) return;
                long before = System.nanoTime();
                begin(p.fault());
                // A fault that starts late (a scripted fault before it took longer than its slot)
                // still lasts its planned duration, rather than ending as soon as it began. It is
                // in effect once begin returns (applying a partition takes seconds on a loaded
                // machine); a scripted fault's duration starts before its schedule, which is its action.
                long began = p.fault() instanceof Fault.Scripted ? before : System.nanoTime();
                long end = Math.max(startNanos + p.endMillis() * 1_000_000, began + p.durationMillis() * 1_000_000);
                if (waitUntil(end, false)) return;
                end();
                previous = p;
                previousEnded = System.nanoTime();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Asks {@link #run} to return after the action under way; a fault in effect stays until {@link #healAll()}. */
    public void stop() {
        synchronized (signal) {
            stopped = true;
            signal.notifyAll();
        }
    }

    /**
     * Asks {@link #run} to start no new fault (nor wait for the cluster to take one), but to
     * carry the fault in effect to its end and end it; then it returns. For a workload that
     * goes on after the time limit to read what that fault did (the runner's quiet tail).
     */
    public void finish() {
        synchronized (signal) {
            finishing = true;
            signal.notifyAll();
        }
    }

    /** The fault in effect now, for the progress line; empty when calm. */
    public Optional<String> activeFault() {
        Active a = active;
        return a == null ? Optional.empty() : Optional.of(a.description());
    }

    public List<Injected> injected() {
        return List.copyOf(injected);
    }

    synchronized void begin(Fault fault) {
        if (fault instanceof Fault.Scripted scripted) {
            beginScripted(scripted);
            return;
        }
        List<Integer> nodes = new ArrayList<>();
        String description;
        Map<String, Object> extra = new LinkedHashMap<>();
        extra.put("fault", fault.kind());
        String error = null;
        try {
            if (fault instanceof Fault.Kill k) {
                int n = resolve(k.target());
                nodes.add(n);
                description = "kill n" + n + (k.target().isLeader() ? " (leader)" : "");
                target.kill(n);
                killed.add(n);
            } else if (fault instanceof Fault.KillAll all) {
                List<Integer> order = new ArrayList<>(all.order());
                int leader = resolve(Fault.Target.LEADER);
                order.remove(Integer.valueOf(leader));
                order.add(0, leader);
                nodes.addAll(order);
                description = "kill " + String.join(" ", nodes.stream().map(n -> "n" + n).toList())
                        + " (all, leader n" + leader + " first)";
                for (int n : nodes) {
                    target.kill(n);
                    killed.add(n);
                }
            } else if (fault instanceof Fault.Pause p) {
                int n = resolve(p.target());
                nodes.add(n);
                description = "pause n" + n + (p.target().isLeader() ? " (leader)" : "");
                target.pause(n);
                paused.add(n);
            } else if (fault instanceof Fault.Partition p) {
                List<Integer> order = new ArrayList<>(p.order());
                if (p.shape() == PartitionShape.ISOLATE_LEADER) {
                    int leader = resolve(Fault.Target.LEADER);
                    order.remove(Integer.valueOf(leader));
                    order.add(0, leader);
                }
                Connectivity graph = p.shape().build(order);
                Optional<String> wrong = p.shape().check(graph);
                if (wrong.isPresent()) throw new IllegalStateException("partition has the wrong shape: " + wrong.get());
                description = "partition " + p.shape().shortName() + " " + graph.describe();
                extra.put("shape", p.shape().shortName());
                List<String> cuts = new ArrayList<>();
                for (int[] c : graph.cutPairs()) cuts.add("n" + c[0] + "-n" + c[1]);
                extra.put("cut", cuts);
                target.partition(graph);
            } else if (fault instanceof Fault.CrashAt c) {
                description = new CrashPointFault(target).start(c, resolve(Fault.Target.LEADER));
                extra.put("point", c.point());
            } else if (fault instanceof Fault.Loss l) {
                description = fault.describe();
                extra.put("probability", l.probability());
                target.loss(l.probability());
            } else {
                throw new IllegalStateException("unknown fault " + fault);
            }
        } catch (RuntimeException e) {
            description = fault.describe();
            error = e.getMessage();
        }
        long now = System.nanoTime();
        Op op = history.record(Op.NEMESIS, Op.Type.INFO, "start-" + fault.kind(), null, description, error, extra);
        log.accept(String.format("%8.3f s  start %s%s", op.time() / 1e9, description, error == null ? "" : "  FAILED: " + error));
        active = new Active(fault, description, nodes, now, Map.of());
        announce(op, "started", description, error);
        injected.add(new Injected(fault.kind(), description, op.time(), 0, error));
    }

    /**
     * A scripted fault takes seconds, so its start op is recorded before it acts;
     * what it found goes into its stop op.
     */
    private void beginScripted(Fault.Scripted fault) {
        int leader = resolve(Fault.Target.LEADER);
        String opening = fault.kind() + ": starting from leader n" + leader;
        Op op = history.record(Op.NEMESIS, Op.Type.INFO, "start-" + fault.kind(), null, opening, null,
                Map.of("fault", fault.kind()));
        log.accept(String.format("%8.3f s  start %s", op.time() / 1e9, opening));
        announce(op, "started", opening, null);
        String description;
        String error = null;
        Map<String, Object> found = Map.of();
        try {
            ScriptOutcome outcome = fault.play(target, log, leader);
            description = outcome.description();
            found = outcome.extra();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            description = opening;
            error = "interrupted";
        } catch (RuntimeException e) {
            description = opening;
            error = e.getMessage();
        }
        log.accept(String.format("%8.3f s  %s%s", (System.nanoTime() - history.startNanos()) / 1e9, description,
                error == null ? "" : "  FAILED: " + error));
        active = new Active(fault, description, target.nodes(), System.nanoTime(), found);
        injected.add(new Injected(fault.kind(), description, op.time(), 0, error));
    }

    synchronized void end() {
        Active a = active;
        if (a == null) return;
        String error = null;
        String description = a.description();
        Map<String, Object> extra = new LinkedHashMap<>();
        extra.put("fault", a.fault().kind());
        extra.putAll(a.found());
        try {
            if (a.fault() instanceof Fault.CrashAt) {
                List<Integer> down = new CrashPointFault(target).end();
                extra.put("down", down);
                description += down.isEmpty() ? "; nothing halted" : "; restarted " + CrashPointFault.names(down);
            } else if (a.fault() instanceof Fault.Scripted) {
                new ScriptSteps(target, log, a.fault().kind()).disarmAll();
                target.healNetwork();
                for (int n : a.nodes()) target.restart(n);
            } else if (a.fault() instanceof Fault.Kill || a.fault() instanceof Fault.KillAll) {
                for (int n : a.nodes()) {
                    target.restart(n);
                    killed.remove(n);
                }
            } else if (a.fault() instanceof Fault.Pause) {
                for (int n : a.nodes()) {
                    target.resume(n);
                    paused.remove(n);
                }
            } else {
                target.healNetwork();
            }
        } catch (RuntimeException e) {
            error = e.getMessage();
        }
        Op op = history.record(Op.NEMESIS, Op.Type.INFO, "stop-" + a.fault().kind(), null, description, error,
                extra);
        log.accept(String.format("%8.3f s  stop  %s%s", op.time() / 1e9, description,
                error == null ? "" : "  FAILED: " + error));
        announce(op, "stopped", description, error);
        for (int i = injected.size() - 1; i >= 0; i--) {
            Injected in = injected.get(i);
            if (in.endNanos() == 0) {
                injected.set(i, new Injected(in.kind(), in.description(), in.startNanos(), op.time(), in.error()));
                break;
            }
        }
        active = null;
    }

    /** Ends the fault in effect, then makes sure every node runs and the network is whole. */
    public synchronized void healAll() {
        end();
        for (int n : List.copyOf(paused)) {
            try {
                target.resume(n);
                paused.remove(n);
            } catch (RuntimeException e) {
                log.accept("heal: resume n" + n + " failed: " + e.getMessage());
            }
        }
        for (int n : List.copyOf(killed)) {
            try {
                target.restart(n);
                killed.remove(n);
            } catch (RuntimeException e) {
                log.accept("heal: restart n" + n + " failed: " + e.getMessage());
            }
        }
        try {
            target.healNetwork();
        } catch (RuntimeException e) {
            log.accept("heal: network heal failed: " + e.getMessage());
        }
    }

    private int resolve(Fault.Target t) {
        if (!t.isLeader()) return t.node();
        // No leader known (e.g. mid-election): take the first node, and say so in the description.
        return target.leader().orElse(target.nodes().get(0));
    }

    /**
     * Waits until the cluster can take the fault. Most faults need a leader (one aimed at
     * "the leader" would hit nobody); the scripted ones need every node up as well, since
     * their schedule follows the nodes from one step to the next (a node still restarting
     * after a kill-all grants no vote to halt at). Bounded, so that a cluster that does not
     * come back still gets its faults.
     */
    private boolean awaitReady(FaultSchedule.Planned p, long startNanos) throws InterruptedException {
        if (!(p.fault() instanceof Fault.Scripted)) {
            return awaitLeader(Math.max(2 * p.durationMillis(), aimsAtLeader(p.fault()) ? ALL_UP_WAIT_MILLIS : 0),
                    startNanos);
        }
        return awaitAllUp(Math.max(2 * p.durationMillis(), ALL_UP_WAIT_MILLIS), startNanos);
    }

    /**
     * Whether the fault is aimed at whoever leads when it starts: without a leader it would
     * hit a node at random (a partition "of the leader" that cuts off a follower exposes
     * none of what a cut-off leader does), so it waits longer for one.
     */
    private static boolean aimsAtLeader(Fault f) {
        return f instanceof Fault.CrashAt
                || f instanceof Fault.Partition p && p.shape() == PartitionShape.ISOLATE_LEADER
                || f instanceof Fault.Kill k && k.target().isLeader()
                || f instanceof Fault.Pause p && p.target().isLeader();
    }

    private boolean awaitAllUp(long maxMillis, long startNanos) throws InterruptedException {
        return awaitUntil(this::allUpWithLeader, maxMillis, startNanos,
                "the next fault waits for every node to be up with a leader",
                "still not every node up with a leader; the next fault starts anyway");
    }

    private boolean allUpWithLeader() {
        List<NodeStatus> all = target.statuses();
        return all.size() == target.nodes().size() && all.stream().allMatch(NodeStatus::answered)
                && all.stream().anyMatch(NodeStatus::isLeader);
    }

    /**
     * Waits, at most {@code maxMillis}, until the cluster has a leader again. Under load
     * a cluster takes many seconds to come back from a kill-all or a scripted fault; a
     * fault aimed at "the leader" then hits nobody, and a scripted one gives up at once.
     * True when asked to stop first.
     */
    private boolean awaitLeader(long maxMillis, long startNanos) throws InterruptedException {
        return awaitUntil(() -> target.leader().isPresent(), maxMillis, startNanos,
                "no leader: the next fault waits for one", "still no leader; the next fault starts anyway");
    }

    /** Polls {@code ready} for at most {@code maxMillis}, saying once that it waits; true when asked to stop first. */
    private boolean awaitUntil(BooleanSupplier ready, long maxMillis, long startNanos,
                               String waiting, String gaveUp) throws InterruptedException {
        long deadline = System.nanoTime() + maxMillis * 1_000_000;
        boolean said = false;
        while (!ready.getAsBoolean()) {
            if (System.nanoTime() >= deadline) {
                log.accept(String.format("%8.3f s  %s", (System.nanoTime() - startNanos) / 1e9, gaveUp));
                return false;
            }
            if (!said) {
                log.accept(String.format("%8.3f s  %s (up to %.1f s)",
                        (System.nanoTime() - startNanos) / 1e9, waiting, maxMillis / 1e3));
                said = true;
            }
            if (waitUntil(Math.min(deadline, System.nanoTime() + 200_000_000L), true)) return true;
        }
        return false;
    }

    /**
     * Waits until {@code nanos}; true when asked to stop first, or, with {@code orFinish}
     * (a wait before a new fault), to finish.
     */
    private boolean waitUntil(long nanos, boolean orFinish) throws InterruptedException {
        synchronized (signal) {
            while (true) {
                if (stopped || orFinish && finishing) return true;
                long delay = nanos - System.nanoTime();
                if (delay <= 0) return false;
                java.util.concurrent.TimeUnit.NANOSECONDS.timedWait(signal, delay);
            }
        }
    }
}
