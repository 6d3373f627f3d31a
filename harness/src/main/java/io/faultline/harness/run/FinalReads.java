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

/**
 * After the cluster is healed, reads every key once more (retrying a failed read),
 * so that lost writes show up in the history as a final read that misses them.
 */
final class FinalReads {
    private FinalReads() {}

    /** @return keys whose read never succeeded before the deadline (evidence of non-recovery) */
    static List<String> readAll(Workload workload, SystemClient client, HistoryRecorder history, long firstProcess,
                                Duration budget) {
        List<String> unread = new ArrayList<>();
        long deadline = System.nanoTime() + budget.toNanos();
        long process = firstProcess;
        for (int k : workload.keyNumbers()) {
            KvOp read = new KvOp(workload.functionName(OpKind.READ), OpKind.READ, workload.storeKey(k),
                    workload.historyKey(k), null);
            boolean ok = false;
            while (!ok && System.nanoTime() < deadline && !Thread.currentThread().isInterrupted()) {
                Completion c = Worker.invoke(history, client, process, read);
                ok = c.type() == Op.Type.OK;
                if (c.type() == Op.Type.INFO) process++;
                if (!ok) client.moveOn();
            }
            if (!ok) unread.add(read.key());
        }
        return unread;
    }
}
