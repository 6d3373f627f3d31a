package io.faultline.harness.sim;

import io.faultline.harness.client.Completion;
import io.faultline.harness.cluster.ClusterHealth;
import io.faultline.harness.generator.KvOp;
import io.faultline.harness.nemesis.FaultTarget;
import io.faultline.harness.nemesis.RunClock;
import io.faultline.harness.run.Environment;
import io.faultline.harness.run.RunLoop;
import io.faultline.harness.run.SafetyLines;
import io.faultline.harness.run.WorkloadEnd;
import io.faultline.harness.system.SystemClient;
import io.faultline.harness.system.SystemUnderTest;
import io.faultline.sim.CommitAgreement;
import io.faultline.sim.SimCluster;
import io.faultline.sim.SimNemesis;
import io.faultline.sim.SimScheduler;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * A simulated cluster of Faultline nodes: virtual time, clients as callbacks on the scheduler,
 * faults done to simulated nodes and links ({@link SimFaults}), and besides them the
 * simulator's own random faults ({@code --faults}) and a check that committed entries agree.
 * One thread runs everything, so a seed gives the same run every time.
 */
final class SimEnvironment implements Environment {
    /** How often committed entries are compared. */
    private static final long AGREEMENT_EVERY_NANOS = 100_000_000L;

    private final SimCluster cluster;
    private final SimScheduler scheduler;
    private final SimNemesis randomFaults;
    private final SimFaults faults;
    private final Duration opTimeout;
    private final Consumer<String> nemesisLog;
    private final CommitAgreement agreement = new CommitAgreement();
    private WorkloadEnd end;
    private int inFlight;

    SimEnvironment(SimOptions options, long seed, Consumer<String> nemesisLog) {
        this.cluster = new SimCluster(seed, options.nodes(), options.nodeFlags(), options.faults().network());
        this.scheduler = cluster.scheduler();
        this.opTimeout = options.opTimeout();
        this.nemesisLog = nemesisLog;
        this.randomFaults = new SimNemesis(cluster, options.faults(), nemesisLog);
        // A wait of the fault packages ends early at the time limit, where the nemesis stops or finishes.
        this.faults = new SimFaults(cluster, () -> end != null && end.limitReached(scheduler.now()));
        randomFaults.start();
        watchAgreement();
    }

    SimCluster cluster() {
        return cluster;
    }

    @Override
    public RunClock clock() {
        return faults.clock();
    }

    @Override
    public FaultTarget faults() {
        return faults;
    }

    /**
     * The clients' loops go on the scheduler; the nemesis plays its schedule here, its waits
     * running the simulation; then the simulation runs to the workload's end. The simulator's own
     * faults and the operations in flight end in {@link #awaitRecovery}, after the heal.
     */
    @Override
    public void drive(List<RunLoop.Client> clients, RunLoop.Faults nemesis, WorkloadEnd end) {
        this.end = end;
        for (RunLoop.Client c : clients) start(c, end);
        scheduler.after(end.limitNanos() - scheduler.now(), () -> {
            nemesis.timeLimitReached();
            if (end.over(scheduler.now())) nemesis.stop();
        });
        nemesis.play();
        scheduler.runUntil(end.limitNanos());
        scheduler.runUntil(end.capNanos(), () -> end.over(scheduler.now()));
        nemesis.stop();
    }

    private void start(RunLoop.Client c, WorkloadEnd end) {
        SimClient client = new SimClient(cluster, c.node(), opTimeout.toNanos());
        Runnable[] loop = new Runnable[1];
        loop[0] = () -> {
            if (end.over(scheduler.now())) return;
            KvOp op = c.steps().next();
            invoke(client, op, done -> {
                if (c.steps().complete(op, done, scheduler.now())) client.moveOn();
                scheduler.after(c.pacer().delayBeforeNext(scheduler.now()), loop[0]);
            });
        };
        scheduler.after(c.pacer().delayBeforeNext(scheduler.now()), loop[0]);
    }

    private void invoke(SimClient client, KvOp op, Consumer<Completion> then) {
        inFlight++;
        client.invoke(op, c -> {
            inFlight--;
            then.accept(c);
        });
    }

    /**
     * Ends the simulator's own random faults (after the fault packages' heal, which may leave a
     * node of theirs for this heal to restart), then lets the operations still in flight end
     * (each within its op timeout). The simulator judges recovery by the final reads alone, so
     * this always says recovered.
     */
    @Override
    public ClusterHealth.Recovery awaitRecovery(Duration timeout) {
        randomFaults.stopAndHeal();
        long from = scheduler.now();
        scheduler.runUntil(from + opTimeout.toNanos() * 2, () -> inFlight == 0);
        return new ClusterHealth.Recovery(true, (scheduler.now() - from) / 1_000_000, List.of());
    }

    /** A client that runs the simulation until each answer comes (at the latest at its op timeout). */
    @Override
    public SystemClient client(int node) {
        SimClient client = new SimClient(cluster, node, opTimeout.toNanos());
        return new SystemClient() {
            @Override
            public Completion invoke(KvOp op) {
                Completion[] answer = {null};
                SimEnvironment.this.invoke(client, op, c -> answer[0] = c);
                scheduler.runUntil(Long.MAX_VALUE, () -> answer[0] != null);
                return answer[0];
            }

            @Override
            public void moveOn() {
                client.moveOn();
            }

            @Override
            public void close() {}
        };
    }

    @Override
    public List<String> safetyLines(SystemUnderTest system) {
        Map<String, String> byName = new LinkedHashMap<>();
        cluster.logs().forEach((id, text) -> byName.put("n" + id, text));
        return SafetyLines.scan(byName, system);
    }

    @Override
    public Optional<String> safetyFinding() {
        return Optional.ofNullable(agreement.check(cluster));
    }

    /** Each node's state now, into the nemesis log: the evidence of a stall, where a reviewer looks first. */
    void logFinalStates() {
        for (var n : cluster.nodes()) {
            nemesisLog.accept(String.format(Locale.ROOT, "%10.3f s  final state: %s", scheduler.now() / 1e9, n.describe()));
        }
    }

    /** Compares committed entries every {@value #AGREEMENT_EVERY_NANOS} ns; the first disagreement goes to the nemesis log. */
    private void watchAgreement() {
        scheduler.after(AGREEMENT_EVERY_NANOS, () -> {
            String unsafe = agreement.check(cluster);
            if (unsafe != null) {
                nemesisLog.accept(String.format(Locale.ROOT, "%10.3f s  %s", scheduler.now() / 1e9, unsafe));
                return;
            }
            watchAgreement();
        });
    }

    @Override
    public void close() {}
}
