package io.faultline.harness.sim;

import io.faultline.checker.history.HistoryWriter;
import io.faultline.checker.history.Op;
import io.faultline.harness.client.Completion;
import io.faultline.harness.generator.KvOp;
import io.faultline.harness.generator.OpKind;
import io.faultline.harness.generator.Pacer;
import io.faultline.harness.history.HistoryRecorder;
import io.faultline.harness.nemesis.FaultSchedule;
import io.faultline.harness.nemesis.Nemesis;
import io.faultline.harness.run.CheckerJudge;
import io.faultline.harness.run.ClientSteps;
import io.faultline.harness.run.Judgement;
import io.faultline.harness.run.RunStatus;
import io.faultline.harness.run.RunVerdict;
import io.faultline.harness.run.SafetyLines;
import io.faultline.harness.systems.Systems;
import io.faultline.sim.SimCluster;
import io.faultline.sim.SimNemesis;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One seed: a simulated cluster, the harness's workers (same generators, seeds and
 * outcome rules as a Docker run) and the random nemesis run for the time limit in
 * virtual time; then every fault is healed, every key is read once more, and the
 * checker judges the history. The same seed and options give the same bytes.
 */
public final class SimRun {
    /**
     * What a seed produced.
     *
     * @param faults  what the fault packages ({@code --nemesis}) did, as a Docker run records it (empty without)
     * @param planned how many faults their schedule planned
     */
    public record Outcome(long seed, RunStatus status, String why, List<Op> history, List<String> nemesisLog,
            Map<Long, String> nodeLogs, Judgement judgement, double simulatedSeconds, List<String> unread,
            List<Nemesis.Injected> faults, int planned) {
        /** history.jsonl exactly as a run directory holds it. */
        public byte[] historyBytes() {
            StringBuilder b = new StringBuilder();
            for (Op op : history) b.append(HistoryWriter.toLine(op)).append('\n');
            return b.toString().getBytes(StandardCharsets.UTF_8);
        }
    }

    private final SimOptions options;
    private final long seed;
    private final SimCluster cluster;
    private final HistoryRecorder history;
    private final List<String> nemesisLog = new ArrayList<>();
    private final io.faultline.sim.CommitAgreement agreement = new io.faultline.sim.CommitAgreement();
    private int running;
    private boolean stopped;

    private SimRun(SimOptions options, long seed) {
        this.options = options;
        this.seed = seed;
        this.cluster = new SimCluster(seed, options.nodes(), options.nodeFlags(), options.faults().network());
        this.history = new HistoryRecorder(null, 0, () -> cluster.scheduler().now());
    }

    public static Outcome run(SimOptions options, long seed) {
        return new SimRun(options, seed).run();
    }

    private Outcome run() {
        var scheduler = cluster.scheduler();
        SimNemesis nemesis = new SimNemesis(cluster, options.faults(), nemesisLog::add);
        nemesis.start();
        watchAgreement();
        long end = options.timeLimit().toNanos();
        for (int w = 0; w < options.concurrency(); w++) startWorker(w, end);
        Nemesis packages = null;
        int planned = 0;
        if (!options.nemesis().isEmpty()) {
            // The fault packages' own loop, on the simulator's clock: its waits run the simulation.
            SimFaults target = new SimFaults(cluster, () -> scheduler.now() >= end);
            packages = new Nemesis(target, history, nemesisLog::add);
            FaultSchedule schedule = options.nemesis().schedule(seed, target.nodes(), options.timeLimit());
            planned = schedule.faults().size();
            for (FaultSchedule.Planned p : schedule.faults()) nemesisLog.add(p.describe());
            scheduler.after(end, packages::stop);
            packages.run(schedule, 0);
        }
        scheduler.runUntil(end);
        stopped = true;
        if (packages != null) packages.healAll();
        nemesis.stopAndHeal();
        // Let operations in flight end (each within its op timeout).
        scheduler.runUntil(end + options.opTimeout().toNanos() * 2, () -> running == 0);
        List<String> unread = finalReads(scheduler.now() + options.finalBudget().toNanos());
        if (!unread.isEmpty()) {
            // Evidence of the stall, in the nemesis log where a reviewer looks first.
            for (var n : cluster.nodes()) nemesisLog.add(String.format(java.util.Locale.ROOT, "%10.3f s  final state: %s",
                    scheduler.now() / 1e9, n.describe()));
        }
        double simulated = scheduler.now() / 1e9;
        Map<Long, String> logs = cluster.logs();
        Optional<String> unsafe = Optional.ofNullable(agreement.check(cluster)).or(() -> safetyLines(logs));
        Judgement j = new CheckerJudge().judge(history.ops(), options.workload().model(), options.checkTimeout());
        RunVerdict verdict = RunVerdict.of(j, unsafe, unread.isEmpty() ? Optional.empty()
                : Optional.of("after healing, keys not readable within " + options.finalBudget().toSeconds()
                        + " simulated s: " + unread));
        return new Outcome(seed, verdict.status(), verdict.why(), history.ops(), List.copyOf(nemesisLog), logs, j, simulated,
                unread, packages == null ? List.of() : packages.injected(), planned);
    }

    /** What the nodes themselves said of Raft's safety, as a Docker run reads it from their log files. */
    private static Optional<String> safetyLines(Map<Long, String> logs) {
        Map<String, String> byName = new java.util.LinkedHashMap<>();
        logs.forEach((id, text) -> byName.put("n" + id, text));
        return SafetyLines.finding(SafetyLines.scan(byName, Systems.defaultSystem())); // the simulated node is Faultline's
    }

    /** Checks committed entries agree every 100 simulated ms; the first disagreement goes to the nemesis log. */
    private void watchAgreement() {
        cluster.scheduler().after(100_000_000L, () -> {
            String unsafe = agreement.check(cluster);
            if (unsafe != null) {
                nemesisLog.add(String.format(java.util.Locale.ROOT, "%10.3f s  %s", cluster.scheduler().now() / 1e9, unsafe));
                return;
            }
            watchAgreement();
        });
    }

    private void startWorker(int w, long end) {
        ClientSteps steps = new ClientSteps(w, options.concurrency(), options.workload().generator(seed, w), history);
        SimClient client = new SimClient(cluster, 1 + w % options.nodes(), options.opTimeout().toNanos());
        Pacer pacer = new Pacer(options.rate(), options.concurrency(), 0);
        Runnable[] loop = new Runnable[1];
        loop[0] = () -> {
            if (stopped || cluster.scheduler().now() >= end) return;
            invoke(client, steps, steps.next(), c -> {
                if (c.type() == Op.Type.INFO) client.moveOn();
                cluster.scheduler().after(pacer.delayBeforeNext(cluster.scheduler().now()), loop[0]);
            });
        };
        cluster.scheduler().after(pacer.delayBeforeNext(0), loop[0]);
    }

    /** Sends an invoked op; {@code then} gets its completion once it is recorded. */
    private void invoke(SimClient client, ClientSteps steps, KvOp op, java.util.function.Consumer<Completion> then) {
        running++;
        client.invoke(op, c -> {
            running--;
            steps.complete(op, c, cluster.scheduler().now());
            then.accept(c);
        });
    }

    /** After healing: read every key until it answers, one key at a time, as the Docker run's final reads. */
    private List<String> finalReads(long deadline) {
        List<String> unread = new ArrayList<>();
        ClientSteps steps = new ClientSteps(history.nextFreeProcess(), 1, null, history);
        SimClient client = new SimClient(cluster, 1, options.opTimeout().toNanos());
        var workload = options.workload();
        for (int k : workload.keyNumbers()) {
            KvOp read = new KvOp(workload.functionName(OpKind.READ), OpKind.READ, workload.storeKey(k),
                    workload.historyKey(k), null);
            boolean[] ok = {false};
            while (!ok[0] && cluster.scheduler().now() < deadline) {
                boolean[] answered = {false};
                invoke(client, steps, steps.invoke(read), c -> {
                    answered[0] = true;
                    ok[0] = c.type() == Op.Type.OK;
                    if (!ok[0]) client.moveOn();
                });
                cluster.scheduler().runUntil(deadline, () -> answered[0]);
                if (!ok[0]) cluster.scheduler().runUntil(cluster.scheduler().now() + 50_000_000L);
            }
            if (!ok[0]) unread.add(read.key());
        }
        return unread;
    }
}
