package io.faultline.harness.run;

import io.faultline.checker.history.Op;
import io.faultline.harness.client.Completion;
import io.faultline.harness.generator.KvOp;
import io.faultline.harness.generator.OpKind;
import io.faultline.harness.history.HistoryRecorder;
import io.faultline.harness.nemesis.RunClock;
import io.faultline.harness.system.SystemClient;
import io.faultline.harness.workload.Workload;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * After the cluster is healed, reads every key once more (retrying a failed read),
 * so that lost writes show up in the history as a final read that misses them.
 *
 * <p>The budget is for progress, not for the whole: the reads give up once no key
 * could be read for {@code stallBudget}. A fixed budget for every key together made a
 * loaded machine's slow but live cluster "not recovered" (300 keys at ~70 ms a read
 * do not fit in 20 s); that was the healthy node's post-figure-8 "stall".
 */
final class FinalReads {
    /**
     * Between two tries of a key. A refusal can come back at once (no leader yet); without a pause
     * the reads would spin, and in simulation no time would pass for the cluster to recover in.
     */
    static final long RETRY_PAUSE_MILLIS = 50;

    private FinalReads() {}

    /** @return keys whose read never succeeded (evidence of non-recovery) */
    static List<String> readAll(Workload workload, SystemClient client, HistoryRecorder history, long firstProcess,
                                Duration stallBudget, RunClock clock) {
        List<String> unread = new ArrayList<>();
        long deadline = clock.nanoTime() + stallBudget.toNanos();
        ClientSteps steps = new ClientSteps(firstProcess, 1, null, history);
        for (int k : workload.keyNumbers()) {
            KvOp read = new KvOp(workload.functionName(OpKind.READ), OpKind.READ, workload.storeKey(k),
                    workload.historyKey(k), null);
            boolean ok = false;
            while (!ok && clock.nanoTime() < deadline && !Thread.currentThread().isInterrupted()) {
                Completion c = client.invoke(steps.invoke(read));
                steps.complete(read, c, clock.nanoTime());
                ok = c.type() == Op.Type.OK;
                if (!ok) {
                    client.moveOn();
                    try {
                        clock.sleep(RETRY_PAUSE_MILLIS);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                }
            }
            if (ok) {
                deadline = clock.nanoTime() + stallBudget.toNanos(); // progress: the budget starts again
            } else {
                unread.add(read.key());
            }
        }
        return unread;
    }
}
