package io.faultline.harness.run;

import io.faultline.checker.history.Op;
import io.faultline.harness.client.Completion;
import io.faultline.harness.generator.KvOp;
import io.faultline.harness.generator.OpGenerator;
import io.faultline.harness.generator.Pacer;
import io.faultline.harness.history.HistoryRecorder;
import io.faultline.harness.system.SystemClient;
import java.util.function.BooleanSupplier;

/**
 * One client thread: invokes its generator's ops at its share of the rate and
 * records each invocation and completion. After an unknown outcome it carries on
 * under a new process number (Jepsen's rule: a process with an open op is gone).
 * It stops when {@code stop} says so (the runner's workload end, or a test's op count).
 */
final class Worker implements Runnable {
    private final int index;
    private final int concurrency;
    private final OpGenerator generator;
    private final SystemClient client;
    private final Pacer pacer;
    private final HistoryRecorder history;
    private final BooleanSupplier stop;

    Worker(int index, int concurrency, OpGenerator generator, SystemClient client, Pacer pacer,
           HistoryRecorder history, BooleanSupplier stop) {
        this.index = index;
        this.concurrency = concurrency;
        this.generator = generator;
        this.client = client;
        this.pacer = pacer;
        this.history = history;
        this.stop = stop;
    }

    @Override
    public void run() {
        long process = index;
        try {
            while (!stop.getAsBoolean()) {
                pacer.awaitNext();
                if (stop.getAsBoolean()) break;
                KvOp op = generator.next();
                Completion c = invoke(history, client, process, op);
                generator.observe(op, c.type() == Op.Type.OK, c.answered(), System.nanoTime());
                if (c.type() == Op.Type.INFO) {
                    process += concurrency;
                    client.moveOn();
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            client.close();
        }
    }

    /** Records the invocation, runs it, records the completion. */
    static Completion invoke(HistoryRecorder history, SystemClient client, long process, KvOp op) {
        history.record(process, Op.Type.INVOKE, op.f(), op.historyKey(), op.value(), null, null);
        Completion c = client.invoke(op);
        Object value = op.readOnly() ? c.value() : op.value();
        history.record(process, c.type(), op.f(), op.historyKey(), value, c.error(), c.whereFields());
        return c;
    }
}
