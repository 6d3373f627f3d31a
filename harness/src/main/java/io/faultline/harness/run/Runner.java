package io.faultline.harness.run;

import io.faultline.checker.cli.Durations;
import io.faultline.checker.history.HistoryWriter;
import io.faultline.checker.history.Op;
import io.faultline.harness.system.SystemClient;
import io.faultline.harness.cluster.Cluster;
import io.faultline.harness.cluster.ClusterException;
import io.faultline.harness.cluster.ClusterHealth;
import io.faultline.harness.generator.Pacer;
import io.faultline.harness.history.HistoryRecorder;
import io.faultline.harness.nemesis.DockerFaults;
import io.faultline.harness.nemesis.FaultSchedule;
import io.faultline.harness.nemesis.Nemesis;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Optional;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * One test run, phase by phase: start the cluster, run the workload with faults,
 * heal, wait for recovery, read every key, check. Whatever happens, the cluster is
 * removed and the run directory says how far it got; Ctrl-C (a shutdown hook)
 * stops the run early with the same guarantees.
 */
public final class Runner {
    /** The final reads give up when no key could be read for this long. */
    private static final Duration FINAL_READ_STALL = Duration.ofSeconds(20);
    /**
     * With a quiet tail, how long past the time limit the workload may run at most. The fault
     * under way ends within about a minute (a scripted fault's steps wait 15-20 s each, bounded);
     * this only stops a nemesis that hangs from holding the run.
     */
    private static final Duration QUIET_TAIL_CAP = Duration.ofMinutes(2);

    private final RunConfig config;
    private final HistoryJudge judge;
    private final RunListener listener;
    private final RunReporter reporter;
    private final String version;
    private final AtomicBoolean stop = new AtomicBoolean();
    private final AtomicBoolean interrupted = new AtomicBoolean();
    private final CountDownLatch finished = new CountDownLatch(1);
    private volatile Thread runThread;

    public Runner(RunConfig config, HistoryJudge judge, RunListener listener, RunReporter reporter, String version) {
        this.config = config;
        this.judge = judge;
        this.listener = listener;
        this.reporter = reporter;
        this.version = version;
    }

    public RunResult run() throws IOException {
        runThread = Thread.currentThread();
        Instant started = Instant.now();
        RunDirectory dir = RunDirectory.create(config.outputRoot(), started, config.workload().name(), config.seed());
        Thread hook = new Thread(this::onShutdown, "faultline-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
        Cluster cluster = null;
        HistoryRecorder history = null;
        Nemesis nemesis = null;
        RunSummary.Builder summary = RunSummary.builder(config, dir.name(), started);
        try {
            Map<String, Object> configJson = config.toJson(version);
            imageId(config.cluster().image()).ifPresent(id -> versions(configJson).put("image-id", id));
            dir.writeConfig(configJson);
            dir.writeResult(Map.of("status", "running", "run", dir.name()));
            listener.phase("run " + dir.name() + " (seed " + config.seed() + ")");

            listener.phase("starting " + config.cluster().nodes() + " nodes of " + config.cluster().system().name());
            try {
                cluster = Cluster.start(config.clusterToStart(), dir.name(), listener::phase);
                cluster.startNodes();
                int leader = cluster.awaitLeader(config.cluster().startTimeout());
                listener.phase("leader is n" + leader);
            } catch (ClusterException e) {
                if (interrupted.get()) return interruptedResult(dir, summary, history, null, cluster);
                if (cluster != null) copyLogs(cluster, dir);
                return finish(dir, summary, history, null, RunStatus.SETUP_ERROR, "cluster start failed: " + e.getMessage());
            }
            checkInterrupt();

            // Time 0 of the history is the start of the workload, as in the fault schedule.
            history = new HistoryRecorder(HistoryWriter.open(dir.history()), System.nanoTime());
            DockerFaults faults = new DockerFaults(cluster);
            faults.install();
            nemesis = new Nemesis(faults, history, dir::nemesisLog, listener::fault);
            FaultSchedule schedule = FaultSchedule.plan(config.seed(), config.nemesis(), config.cluster().ids(),
                    config.nemesisInterval(), config.faultDuration(), config.timeLimit());
            summary.planned(schedule.faults().size());
            for (FaultSchedule.Planned p : schedule.faults()) dir.nemesisLog(p.describe());

            listener.phase("workload " + config.workload().name() + " for " + Durations.format(config.timeLimit())
                    + " with " + config.concurrency() + " workers"
                    + (config.nemesis().isEmpty() ? ", no faults" : ", " + schedule.faults().size() + " faults"));
            runWorkload(cluster, history, nemesis, schedule);
            checkInterrupt();

            listener.phase("healing");
            nemesis.healAll();
            listener.phase("waiting for recovery (up to " + Durations.format(config.recoveryTimeout()) + ")");
            ClusterHealth.Recovery recovery = cluster.health().awaitRecovery(config.recoveryTimeout());
            summary.recovery(recovery);
            checkInterrupt();

            listener.phase("final reads of " + config.workload().keys() + " keys");
            List<String> unread;
            try (SystemClient reader = cluster.session().client(config.opTimeout(), config.cluster().ids().get(0))) {
                unread = FinalReads.readAll(config.workload(), reader, history, history.nextFreeProcess(), FINAL_READ_STALL);
            }
            summary.unread(unread);
            checkInterrupt();

            copyLogs(cluster, dir);
            cluster.close();
            summary.faults(nemesis.injected());
            history.close();

            listener.phase("checking " + history.ops().size() + " history lines with model " + config.workload().model());
            Judgement j = judge.judge(history.ops(), config.workload().model(), config.checkTimeout());
            summary.judgement(j);
            List<String> safety = SafetyLines.scan(dir.nodesDir(), config.cluster().system());
            Optional<String> notRecovered = recovery.recovered() && unread.isEmpty() ? Optional.empty()
                    : Optional.of("the cluster did not recover: "
                        + (recovery.recovered() ? "" : "no agreement within " + Durations.format(config.recoveryTimeout()) + " ")
                        + (unread.isEmpty() ? "" : "keys not readable: " + unread));
            RunVerdict verdict = RunVerdict.of(j, SafetyLines.finding(safety), notRecovered);
            return finish(dir, summary, history, null, verdict.status(), verdict.why());
        } catch (InterruptedException e) {
            return interruptedResult(dir, summary, history, nemesis, cluster);
        } catch (RuntimeException e) {
            if (interrupted.get()) return interruptedResult(dir, summary, history, nemesis, cluster);
            if (cluster != null) copyLogs(cluster, dir);
            return finish(dir, summary, history, nemesis, RunStatus.SETUP_ERROR, "harness error: " + e);
        } finally {
            if (cluster != null) cluster.close();
            if (history != null) history.close();
            dir.close();
            finished.countDown();
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException alreadyShuttingDown) {
                // the hook is running and waits for `finished`
            }
        }
    }

    private RunResult interruptedResult(RunDirectory dir, RunSummary.Builder summary, HistoryRecorder history,
                                        Nemesis nemesis, Cluster cluster) {
        Thread.interrupted(); // clear, so the cleanup below can use Docker
        if (cluster != null) copyLogs(cluster, dir);
        return finish(dir, summary, history, nemesis, RunStatus.INTERRUPTED, history == null
                ? "interrupted before the workload started"
                : "interrupted; the history so far is in " + dir.history());
    }

    private void runWorkload(Cluster cluster, HistoryRecorder history, Nemesis nemesis, FaultSchedule schedule)
            throws InterruptedException {
        long start = history.startNanos();
        WorkloadEnd end = new WorkloadEnd(start, config.timeLimit(), config.quietTail(), QUIET_TAIL_CAP);
        List<Thread> workers = new ArrayList<>();
        for (int w = 0; w < config.concurrency(); w++) {
            int node = 1 + w % config.cluster().nodes();
            SystemClient client = config.clients().bound(w, config.concurrency())
                    ? cluster.session().boundClient(config.opTimeout(), node)
                    : cluster.session().client(config.opTimeout(), node);
            // Asked, not given a deadline: the workload's end can move past the time limit (the quiet tail).
            Worker worker = new Worker(w, config.concurrency(), config.workload().generator(config.seed(), w), client,
                    new Pacer(config.rate(), config.concurrency(), start), history,
                    () -> stop.get() || end.over(System.nanoTime()));
            Thread t = new Thread(worker, "faultline-worker-" + w);
            t.setDaemon(true);
            workers.add(t);
        }
        Thread nemesisThread = new Thread(() -> {
            nemesis.run(schedule, start);
            end.nemesisDone(System.nanoTime());
        }, "faultline-nemesis");
        nemesisThread.setDaemon(true);
        workers.forEach(Thread::start);
        nemesisThread.start();
        boolean tailAnnounced = false;
        try {
            while (!end.over(System.nanoTime())) {
                if (interrupted.get()) throw new InterruptedException();
                long now = System.nanoTime();
                if (end.limitReached(now) && end.hasTail() && !tailAnnounced) {
                    nemesis.finish();
                    listener.phase("time limit reached: no new fault; the workload goes on until the fault under way"
                            + " has ended, then " + Durations.format(config.quietTail()) + " without faults");
                    tailAnnounced = true;
                }
                long untilLimit = (start + config.timeLimit().toNanos() - now) / 1_000_000;
                Thread.sleep(untilLimit > 0 ? Math.min(1000, untilLimit) : 200);
                var c = history.counts();
                listener.progress(new RunListener.Progress((System.nanoTime() - start) / 1e9,
                        config.timeLimit().toMillis() / 1e3, c.ok(), c.fail(), c.info(),
                        nemesis.activeFault().orElse(null)));
            }
        } finally {
            stop.set(true);
            nemesis.stop();
            long joinBy = System.nanoTime() + config.opTimeout().toNanos() * 2 + TimeUnit.SECONDS.toNanos(2);
            for (Thread t : workers) t.join(Math.max(1, (joinBy - System.nanoTime()) / 1_000_000));
            nemesisThread.join(TimeUnit.SECONDS.toMillis(30));
        }
    }

    private RunResult finish(RunDirectory dir, RunSummary.Builder summary, HistoryRecorder history, Nemesis nemesis,
                             RunStatus status, String why) {
        if (nemesis != null) summary.faults(nemesis.injected());
        List<Op> ops = history == null ? List.of() : history.ops();
        RunSummary s = summary.finish(status, why, ops);
        if (s.faultsPlanned() != null) listener.phase("faults played: " + s.faultsPlayedText());
        Map<String, Object> result = new LinkedHashMap<>(s.toJson());
        dir.writeResult(result);
        try {
            // Wall-clock time of history time 0, so the report can place node log lines and roles in run seconds.
            java.time.Instant zero = history == null ? null
                    : java.time.Instant.now().minusNanos(System.nanoTime() - history.startNanos());
            Map<String, Object> bite = reporter.write(dir.path(), s, ops, zero);
            result.put("did-the-faults-bite", bite);
            dir.writeResult(result);
            for (Object w : (List<?>) bite.get("warnings")) listener.phase("warning: " + w);
        } catch (IOException | RuntimeException e) {
            listener.phase("could not write the report: " + e.getMessage());
        }
        String line = status.words() + ": " + why + "  (" + dir.path() + ")";
        return new RunResult(status, dir.path(), line, s.faultsPlayed(), s.faultsPlanned() == null ? 0 : s.faultsPlanned());
    }

    private void copyLogs(Cluster cluster, RunDirectory dir) {
        for (String failure : cluster.copyLogs(dir.nodesDir())) listener.phase("could not copy a node log: " + failure);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> versions(Map<String, Object> configJson) {
        return (Map<String, Object>) configJson.get("versions");
    }

    /** The image's id, so a re-run can tell whether it runs the same node build. */
    private static java.util.Optional<String> imageId(String image) {
        try {
            return java.util.Optional.ofNullable(
                    io.faultline.harness.cluster.DockerResources.client().inspectImageCmd(image).exec().getId());
        } catch (RuntimeException e) {
            return java.util.Optional.empty(); // no Docker or no image: the cluster start says so
        }
    }

    private void checkInterrupt() throws InterruptedException {
        if (interrupted.get() || Thread.currentThread().isInterrupted()) throw new InterruptedException();
    }

    /** Ctrl-C: stop the run, and give it time to clean up and write what it has. */
    private void onShutdown() {
        if (finished.getCount() == 0) return;
        interrupted.set(true);
        stop.set(true);
        Thread t = runThread;
        if (t != null) t.interrupt();
        try {
            finished.await(60, TimeUnit.SECONDS);
        } catch (InterruptedException ignored) {
            Thread.currentThread().interrupt();
        }
    }
}
