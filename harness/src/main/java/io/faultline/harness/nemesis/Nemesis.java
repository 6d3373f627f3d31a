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
    private final RunClock clock;
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

    /**
     * A fault that was started, with what it resolved to; {@code endNanos} is {@link #ONGOING}
     * while it lasts. {@code error}: why starting it failed, else why ending it failed.
     * {@code effects}: the nodes it struck and how, as the report draws them.
     */
    public record Injected(String kind, String description, long startNanos, long endNanos, String error,
            Map<Integer, Effect> effects) {
        /** The end of a fault still in effect (the run ended before it did, or it is under way). */
        public static final long ONGOING = Long.MIN_VALUE;

        public Injected {
            effects = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(effects));
        }

        public boolean ongoing() {
            return endNanos == ONGOING;
        }

        Injected ended(long at, Struck after, String stopError) {
            return new Injected(kind, after.description(), startNanos, at, error == null ? stopError : error,
                    after.effects());
        }
    }

    private record Active(Fault fault, Struck struck) {}

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
        this.clock = target.clock();
        this.history = history;
        this.log = log;
        this.changes = changes;
    }

    private void announce(Op op, String verb, String description, String error) {
        changes.changed(op.time() / 1e9, verb + ": " + description + (error == null ? "" : "  FAILED: " + error));
    }

    /**
     * Runs the schedule from {@code startNanos} (the target's {@link RunClock} at the workload
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
                long before = clock.nanoTime();
                begin(p.fault());
                // A fault that starts late (a scripted fault before it took longer than its slot)
                // still lasts its planned duration, rather than ending as soon as it began. It is
                // in effect once begin returns (applying a partition takes seconds on a loaded
                // machine); a scripted fault's duration starts before its schedule, which is its action.
                long began = p.fault().scripted() ? before : clock.nanoTime();
                long end = Math.max(startNanos + p.endMillis() * 1_000_000, began + p.durationMillis() * 1_000_000);
                if (waitUntil(end, false)) return;
                end();
                previous = p;
                previousEnded = clock.nanoTime();
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
        return a == null ? Optional.empty() : Optional.of(a.struck().description());
    }

    public List<Injected> injected() {
        return List.copyOf(injected);
    }

    synchronized void begin(Fault fault) {
        int leader = target.leader().orElse(target.nodes().get(0));
        Map<String, Object> extra = new LinkedHashMap<>();
        extra.put("fault", fault.kind());
        Op opened = null;
        if (fault.scripted()) {
            // A script takes seconds: its start op is recorded before it acts, what it found goes with its stop op.
            String opening = fault.kind() + ": starting from leader n" + leader;
            opened = history.record(Op.NEMESIS, Op.Type.INFO, "start-" + fault.kind(), null, opening, null, extra);
            log.accept(String.format("%8.3f s  start %s", opened.time() / 1e9, opening));
            announce(opened, "started", opening, null);
        }
        Struck struck;
        String error = null;
        try {
            struck = fault.start(target, leader, log);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            struck = Struck.of(fault.describe(), Map.of());
            error = "interrupted";
        } catch (RuntimeException e) {
            struck = Struck.of(fault.describe(), Map.of());
            error = e.getMessage();
        }
        struck.effects().forEach((n, effect) -> {
            if (effect == Effect.DOWN) killed.add(n);
            if (effect == Effect.PAUSED) paused.add(n);
        });
        Op op;
        if (opened == null) {
            extra.putAll(struck.extra());
            extra.put("nodes", nodes(struck));
            op = history.record(Op.NEMESIS, Op.Type.INFO, "start-" + fault.kind(), null, struck.description(), error,
                    extra);
            log.accept(String.format("%8.3f s  start %s%s", op.time() / 1e9, struck.description(),
                    error == null ? "" : "  FAILED: " + error));
            announce(op, "started", struck.description(), error);
        } else {
            op = opened;
            log.accept(String.format("%8.3f s  %s%s", (clock.nanoTime() - history.startNanos()) / 1e9,
                    struck.description(), error == null ? "" : "  FAILED: " + error));
        }
        active = new Active(fault, struck);
        injected.add(new Injected(fault.kind(), struck.description(), op.time(), Injected.ONGOING, error,
                struck.effects()));
    }

    /** The struck nodes and how, for the nemesis op: {"n3": "down"}. */
    private static Map<String, String> nodes(Struck s) {
        Map<String, String> out = new java.util.TreeMap<>();
        s.effects().forEach((n, e) -> out.put("n" + n, e.name().toLowerCase(java.util.Locale.ROOT).replace('_', '-')));
        return out;
    }

    synchronized void end() {
        Active a = active;
        if (a == null) return;
        String error = null;
        Struck after = a.struck();
        try {
            after = a.fault().stop(target, a.struck(), log);
            after.effects().forEach((n, effect) -> {
                if (effect == Effect.DOWN) killed.remove(n);
                if (effect == Effect.PAUSED) paused.remove(n);
            });
        } catch (RuntimeException e) {
            error = e.getMessage();
        }
        Map<String, Object> extra = new LinkedHashMap<>();
        extra.put("fault", a.fault().kind());
        extra.putAll(after.extra());
        extra.put("nodes", nodes(after));
        Op op = history.record(Op.NEMESIS, Op.Type.INFO, "stop-" + a.fault().kind(), null, after.description(), error,
                extra);
        log.accept(String.format("%8.3f s  stop  %s%s", op.time() / 1e9, after.description(),
                error == null ? "" : "  FAILED: " + error));
        announce(op, "stopped", after.description(), error);
        for (int i = injected.size() - 1; i >= 0; i--) {
            Injected in = injected.get(i);
            if (in.ongoing()) {
                injected.set(i, in.ended(op.time(), after, error));
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

    /**
     * Waits until the cluster can take the fault ({@link Fault#readiness()}). Bounded, so that a
     * cluster that does not come back still gets its faults.
     */
    private boolean awaitReady(FaultSchedule.Planned p, long startNanos) throws InterruptedException {
        return switch (p.fault().readiness()) {
            case LEADER -> awaitLeader(2 * p.durationMillis(), startNanos);
            case LEADER_AIMED -> awaitLeader(Math.max(2 * p.durationMillis(), ALL_UP_WAIT_MILLIS), startNanos);
            case ALL_UP -> awaitAllUp(Math.max(2 * p.durationMillis(), ALL_UP_WAIT_MILLIS), startNanos);
        };
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
        long deadline = clock.nanoTime() + maxMillis * 1_000_000;
        boolean said = false;
        while (!ready.getAsBoolean()) {
            if (clock.nanoTime() >= deadline) {
                log.accept(String.format("%8.3f s  %s", (clock.nanoTime() - startNanos) / 1e9, gaveUp));
                return false;
            }
            if (!said) {
                log.accept(String.format("%8.3f s  %s (up to %.1f s)",
                        (clock.nanoTime() - startNanos) / 1e9, waiting, maxMillis / 1e3));
                said = true;
            }
            if (waitUntil(Math.min(deadline, clock.nanoTime() + 200_000_000L), true)) return true;
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
                if (clock.nanoTime() >= nanos) return false;
                clock.await(signal, nanos);
            }
        }
    }
}
