package io.faultline.harness.run;

import io.faultline.checker.history.HistoryWriter;
import io.faultline.checker.history.Op;
import io.faultline.harness.cluster.ClusterException;
import io.faultline.harness.cluster.ClusterHealth;
import io.faultline.harness.history.HistoryRecorder;
import java.io.IOException;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.time.Duration;
import java.util.List;
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
    private final RunConfig config;
    private final HistoryJudge judge;
    private final RunListener listener;
    private final RunReporter reporter;
    private final String version;
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
        Environment env = null;
        HistoryRecorder history = null;
        RunLoop loop = null;
        RunSummary.Builder summary = RunSummary.builder(config, dir.name(), started);
        try {
            Map<String, Object> configJson = config.toJson(version);
            if (config.hosts() == null) {
                imageId(config.cluster().image()).ifPresent(id -> versions(configJson).put("image-id", id));
            }
            dir.writeConfig(configJson);
            dir.writeResult(Map.of("status", "running", "run", dir.name()));
            listener.phase("run " + dir.name() + " (seed " + config.seed() + ")");
            try {
                env = config.hosts() != null
                        ? SshEnvironment.start(config.hosts(), config.clusterToStart(), dir.nodesDir(), config.opTimeout(),
                                listener::phase)
                        : DockerEnvironment.start(config.clusterToStart(), config.nemesis(), dir.name(), dir.nodesDir(),
                                config.opTimeout(), listener::phase);
            } catch (ClusterException e) {
                if (interrupted.get()) return interruptedResult(dir, summary, null, null, null);
                return finish(dir, summary, null, null, RunStatus.SETUP_ERROR, "cluster start failed: " + e.getMessage());
            }
            checkInterrupt();

            // Time 0 of the history is the start of the workload, as in the fault schedule.
            history = new HistoryRecorder(HistoryWriter.open(dir.history()), System.nanoTime());
            loop = new RunLoop(config.loopPlan(FINAL_READ_STALL), env, history, dir::nemesisLog, listener);
            summary.planned(loop.schedule().faults().size());
            loop.workload();
            checkInterrupt();

            loop.heal();
            ClusterHealth.Recovery recovery = loop.awaitRecovery();
            summary.recovery(recovery);
            checkInterrupt();

            List<String> unread = loop.finalReads();
            summary.unread(unread);
            checkInterrupt();

            env.copyLogs();
            env.close();
            summary.faults(loop.faults());
            history.close();

            listener.phase("checking " + history.ops().size() + " history lines with model " + config.workload().model());
            Judgement j = judge.judge(history.ops(), config.workload().model(), config.checkTimeout());
            summary.judgement(j);
            RunVerdict verdict = loop.verdict(j, config.cluster().system(), recovery, unread);
            return finish(dir, summary, history, loop, verdict.status(), verdict.why());
        } catch (InterruptedException e) {
            return interruptedResult(dir, summary, history, loop, env);
        } catch (RuntimeException e) {
            if (interrupted.get()) return interruptedResult(dir, summary, history, loop, env);
            if (env != null) env.copyLogs();
            return finish(dir, summary, history, loop, RunStatus.SETUP_ERROR, "harness error: " + e);
        } finally {
            if (env != null) env.close();
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
                                        RunLoop loop, Environment env) {
        Thread.interrupted(); // clear, so the cleanup below can use Docker or SSH
        if (env != null) env.copyLogs();
        return finish(dir, summary, history, loop, RunStatus.INTERRUPTED, history == null
                ? "interrupted before the workload started"
                : "interrupted; the history so far is in " + dir.history());
    }

    private RunResult finish(RunDirectory dir, RunSummary.Builder summary, HistoryRecorder history, RunLoop loop,
                             RunStatus status, String why) {
        if (loop != null) summary.faults(loop.faults());
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
            if (bite.get(RunReporter.UNREADABLE) instanceof Map<?, ?> u && u.get("fault") instanceof List<?> f) {
                listener.phase("acknowledged writes no read could see again: " + u.get("writes") + " writes to "
                        + ((List<?>) u.get("keys")).size() + " keys; every one of the " + u.get("failed-reads")
                        + " reads of them after the " + f.get(1) + " at " + f.get(0) + " s failed (report.html tells it)");
            }
        } catch (IOException | RuntimeException e) {
            listener.phase("could not write the report: " + e.getMessage());
        }
        String line = status.words() + ": " + why + "  (" + dir.path() + ")";
        return new RunResult(status, dir.path(), line, s.faultsPlayed(), s.faultsPlanned() == null ? 0 : s.faultsPlanned());
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
        Thread t = runThread;
        if (t != null) t.interrupt();
        try {
            finished.await(60, TimeUnit.SECONDS);
        } catch (InterruptedException ignored) {
            Thread.currentThread().interrupt();
        }
    }
}
