package io.faultline.harness.sim;

import io.faultline.checker.history.HistoryWriter;
import io.faultline.checker.history.Op;
import io.faultline.harness.client.ClientBinding;
import io.faultline.harness.cluster.ClusterHealth;
import io.faultline.harness.history.HistoryRecorder;
import io.faultline.harness.nemesis.Nemesis;
import io.faultline.harness.run.CheckerJudge;
import io.faultline.harness.run.Judgement;
import io.faultline.harness.run.RunListener;
import io.faultline.harness.run.RunLoop;
import io.faultline.harness.run.RunStatus;
import io.faultline.harness.run.RunVerdict;
import io.faultline.harness.systems.Systems;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CancellationException;

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

    private SimRun(SimOptions options, long seed) {
        this.options = options;
        this.seed = seed;
    }

    public static Outcome run(SimOptions options, long seed) {
        return new SimRun(options, seed).run();
    }

    private Outcome run() {
        List<String> nemesisLog = new ArrayList<>();
        SimEnvironment env = new SimEnvironment(options, seed, nemesisLog::add);
        var scheduler = env.cluster().scheduler();
        HistoryRecorder history = new HistoryRecorder(null, 0, scheduler::now);
        RunLoop loop = new RunLoop(plan(), env, history, nemesisLog::add, RunListener.SILENT);
        ClusterHealth.Recovery recovery;
        try {
            loop.workload();
            loop.heal();
            recovery = loop.awaitRecovery();
        } catch (InterruptedException e) {
            // Nothing in a simulation waits on another thread: only a caller giving up can get here.
            Thread.currentThread().interrupt();
            throw new CancellationException("simulation of seed " + seed + " interrupted");
        }
        List<String> unread = loop.finalReads();
        if (!unread.isEmpty()) env.logFinalStates();
        Judgement j = new CheckerJudge().judge(history.ops(), options.workload().model(), options.checkTimeout());
        // The simulated node is Faultline's: its log lines are read as a Docker run of it reads them.
        RunVerdict verdict = loop.verdict(j, Systems.defaultSystem(), recovery, unread);
        return new Outcome(seed, verdict.status(), verdict.why(), history.ops(), List.copyOf(nemesisLog),
                env.cluster().logs(), j, scheduler.now() / 1e9, unread, loop.faults(),
                loop.schedule().faults().size());
    }

    /** The run's phases as a Docker run of the same options has them; no quiet tail, every client follows redirects. */
    private RunLoop.Plan plan() {
        return new RunLoop.Plan(seed, options.workload(), options.concurrency(), options.rate(), options.timeLimit(),
                Duration.ZERO, options.nemesis(), nodeIds(), ClientBinding.FOLLOW, options.finalBudget(),
                options.finalBudget());
    }

    private List<Integer> nodeIds() {
        List<Integer> ids = new ArrayList<>();
        for (int i = 1; i <= options.nodes(); i++) ids.add(i);
        return ids;
    }
}
