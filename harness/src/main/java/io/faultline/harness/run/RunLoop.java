package io.faultline.harness.run;

import io.faultline.checker.cli.Durations;
import io.faultline.harness.client.ClientBinding;
import io.faultline.harness.cluster.ClusterHealth;
import io.faultline.harness.generator.Pacer;
import io.faultline.harness.history.HistoryRecorder;
import io.faultline.harness.nemesis.FaultSchedule;
import io.faultline.harness.nemesis.Nemesis;
import io.faultline.harness.nemesis.NemesisPlan;
import io.faultline.harness.system.SystemClient;
import io.faultline.harness.system.SystemUnderTest;
import io.faultline.harness.workload.Workload;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * The phases of every run, wherever it runs (an {@link Environment}): the seed's fault
 * schedule, the clients with the nemesis beside them, the heal, the wait for recovery, a last
 * read of every key, and the verdict from the history, the nodes' logs and what recovered. A
 * Docker run ({@link Runner}) and a simulated one ({@code SimRun}) call these phases in this
 * order; they differ only in their environment and in what they keep of the run.
 */
public final class RunLoop {
    /**
     * What the phases need of a run's options.
     *
     * @param quietTail      zero, or the calm after the last fault during which the clients go on
     * @param finalReadStall the final reads give up once no key could be read for this long
     */
    public record Plan(long seed, Workload workload, int concurrency, double rate, Duration timeLimit,
            Duration quietTail, NemesisPlan nemesis, List<Integer> nodes, ClientBinding clients,
            Duration recoveryTimeout, Duration finalReadStall) {
        public Plan {
            nodes = List.copyOf(nodes);
        }
    }

    /** One client: its history steps, the node it starts at, whether it stays there, and its pace. */
    public record Client(int index, int node, boolean bound, ClientSteps steps, Pacer pacer) {}

    /**
     * With a quiet tail, how long past the time limit the workload may run at most. The fault
     * under way ends within about a minute (a scripted fault's steps wait 15-20 s each, bounded);
     * this only stops a nemesis that hangs from holding the run.
     */
    private static final Duration QUIET_TAIL_CAP = Duration.ofMinutes(2);

    private final Plan plan;
    private final Environment env;
    private final HistoryRecorder history;
    private final RunListener listener;
    private final FaultSchedule schedule;
    private final Nemesis nemesis;

    /** Plans the seed's faults and writes each to {@code nemesisLog}. */
    public RunLoop(Plan plan, Environment env, HistoryRecorder history, Consumer<String> nemesisLog,
                   RunListener listener) {
        this.plan = plan;
        this.env = env;
        this.history = history;
        this.listener = listener;
        this.schedule = plan.nemesis().schedule(plan.seed(), plan.nodes(), plan.timeLimit());
        this.nemesis = new Nemesis(env.faults(), history, nemesisLog, listener::fault);
        for (FaultSchedule.Planned p : schedule.faults()) nemesisLog.accept(p.describe());
    }

    public FaultSchedule schedule() {
        return schedule;
    }

    /** What the nemesis did so far. */
    public List<Nemesis.Injected> faults() {
        return nemesis.injected();
    }

    /** Runs the clients and the faults until the time limit (and the quiet tail after the last fault). */
    public void workload() throws InterruptedException {
        long start = history.startNanos();
        List<Client> clients = new ArrayList<>();
        for (int w = 0; w < plan.concurrency(); w++) {
            clients.add(new Client(w, 1 + w % plan.nodes().size(), plan.clients().bound(w, plan.concurrency()),
                    new ClientSteps(w, plan.concurrency(), plan.workload().generator(plan.seed(), w), history),
                    new Pacer(plan.rate(), plan.concurrency(), start)));
        }
        listener.phase("workload " + plan.workload().name() + " for " + Durations.format(plan.timeLimit())
                + " with " + plan.concurrency() + " workers"
                + (schedule.faults().isEmpty() ? ", no faults" : ", " + schedule.faults().size() + " faults"));
        WorkloadEnd end = new WorkloadEnd(start, plan.timeLimit(), plan.quietTail(), QUIET_TAIL_CAP);
        env.drive(clients, new Faults(end), end);
    }

    /** Undoes every fault still in effect (nothing to undo, and nothing done, without a fault planned). */
    public void heal() {
        listener.phase("healing");
        if (!schedule.faults().isEmpty()) nemesis.healAll();
    }

    public ClusterHealth.Recovery awaitRecovery() throws InterruptedException {
        listener.phase("waiting for recovery (up to " + Durations.format(plan.recoveryTimeout()) + ")");
        return env.awaitRecovery(plan.recoveryTimeout());
    }

    /** Reads every key once more; returns the keys no read reached. */
    public List<String> finalReads() {
        listener.phase("final reads of " + plan.workload().keys() + " keys");
        try (SystemClient reader = env.client(plan.nodes().get(0))) {
            return FinalReads.readAll(plan.workload(), reader, history, history.nextFreeProcess(),
                    plan.finalReadStall(), env.clock());
        }
    }

    /**
     * The run's verdict: {@code judgement} of the history, a broken safety property in the nodes'
     * logs or seen by the environment, and what did not recover.
     */
    public RunVerdict verdict(Judgement judgement, SystemUnderTest system, ClusterHealth.Recovery recovery,
                              List<String> unread) {
        Optional<String> safety = env.safetyFinding()
                .or(() -> SafetyLines.finding(env.safetyLines(system)));
        Optional<String> notRecovered = recovery.recovered() && unread.isEmpty() ? Optional.empty()
                : Optional.of("the cluster did not recover: "
                    + (recovery.recovered() ? "" : "no agreement within " + Durations.format(plan.recoveryTimeout()) + " ")
                    + (unread.isEmpty() ? "" : "keys not readable: " + unread));
        return RunVerdict.of(judgement, safety, notRecovered);
    }

    /**
     * The nemesis's side of the workload, for the environment to drive beside the clients: play
     * the schedule, stop starting faults at the time limit, stop.
     */
    public final class Faults {
        private final WorkloadEnd end;

        private Faults(WorkloadEnd end) {
            this.end = end;
        }

        /** Plays the schedule from the workload's start; returns when it is done or stopped. */
        public void play() {
            nemesis.run(schedule, history.startNanos());
            end.nemesisDone(env.clock().nanoTime());
        }

        /** At the time limit: with a quiet tail, no new fault starts and the one under way runs to its end. */
        public void timeLimitReached() {
            if (!end.hasTail()) return;
            nemesis.finish();
            listener.phase("time limit reached: no new fault; the workload goes on until the fault under way"
                    + " has ended, then " + Durations.format(plan.quietTail()) + " without faults");
        }

        /** The workload is over: the nemesis returns after the action under way. */
        public void stop() {
            nemesis.stop();
        }

        /** Tells the listener how far the workload is. */
        public void progress() {
            var c = history.counts();
            listener.progress(new RunListener.Progress((env.clock().nanoTime() - history.startNanos()) / 1e9,
                    plan.timeLimit().toMillis() / 1e3, c.ok(), c.fail(), c.info(), nemesis.activeFault().orElse(null)));
        }
    }
}
