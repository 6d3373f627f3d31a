package io.faultline.harness.run;

import io.faultline.checker.history.Op;
import io.faultline.harness.client.Completion;
import io.faultline.harness.generator.KvOp;
import io.faultline.harness.generator.OpKind;
import io.faultline.harness.history.HistoryRecorder;
import io.faultline.harness.system.SystemClient;
import io.faultline.harness.workload.Workload;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.LongSupplier;

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
    private FinalReads() {}

    /** @return keys whose read never succeeded (evidence of non-recovery) */
    static List<String> readAll(Workload workload, SystemClient client, HistoryRecorder history, long firstProcess,
                                Duration stallBudget) {
        return readAll(workload, client, history, firstProcess, stallBudget, System::nanoTime);
    }

    static List<String> readAll(Workload workload, SystemClient client, HistoryRecorder history, long firstProcess,
                                Duration stallBudget, LongSupplier nanoClock) {
        List<String> unread = new ArrayList<>();
        long deadline = nanoClock.getAsLong() + stallBudget.toNanos();
        ClientSteps steps = new ClientSteps(firstProcess, 1, null, history);
        for (int k : workload.keyNumbers()) {
            KvOp read = new KvOp(workload.functionName(OpKind.READ), OpKind.READ, workload.storeKey(k),
                    workload.historyKey(k), null);
            boolean ok = false;
            while (!ok && nanoClock.getAsLong() < deadline && !Thread.currentThread().isInterrupted()) {
                Completion c = client.invoke(steps.invoke(read));
                steps.complete(read, c, nanoClock.getAsLong());
                ok = c.type() == Op.Type.OK;
                if (!ok) client.moveOn();
            }
            if (ok) {
                deadline = nanoClock.getAsLong() + stallBudget.toNanos(); // progress: the budget starts again
            } else {
                unread.add(read.key());
            }
        }
        return unread;
    }
}
