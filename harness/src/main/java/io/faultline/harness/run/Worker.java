package io.faultline.harness.run;

import io.faultline.harness.generator.KvOp;
import io.faultline.harness.generator.OpGenerator;
import io.faultline.harness.generator.Pacer;
import io.faultline.harness.history.HistoryRecorder;
import io.faultline.harness.system.SystemClient;
import java.util.function.BooleanSupplier;

/**
 * One client thread: drives its {@link ClientSteps} at its share of the rate, waiting for
 * each answer. It stops when {@code stop} says so (the runner's workload end, or a test's op count).
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
        ClientSteps steps = new ClientSteps(index, concurrency, generator, history);
        try {
            while (!stop.getAsBoolean()) {
                pacer.awaitNext();
                if (stop.getAsBoolean()) break;
                KvOp op = steps.next();
                if (steps.complete(op, client.invoke(op), System.nanoTime())) client.moveOn();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            client.close();
        }
    }
}
