package io.faultline.harness.run;

import io.faultline.harness.generator.KvOp;
import io.faultline.harness.generator.Pacer;
import io.faultline.harness.system.SystemClient;
import java.util.function.BooleanSupplier;

/**
 * One client thread: drives its {@link ClientSteps} at its share of the rate, waiting for
 * each answer, until {@code stop} says so (the workload's end, or a test's op count); then it
 * closes its client.
 */
final class Worker implements Runnable {
    private final ClientSteps steps;
    private final SystemClient client;
    private final Pacer pacer;
    private final BooleanSupplier stop;

    Worker(ClientSteps steps, SystemClient client, Pacer pacer, BooleanSupplier stop) {
        this.steps = steps;
        this.client = client;
        this.pacer = pacer;
        this.stop = stop;
    }

    @Override
    public void run() {
        try (client) {
            while (!stop.getAsBoolean()) {
                pacer.awaitNext();
                if (stop.getAsBoolean()) break;
                KvOp op = steps.next();
                if (steps.complete(op, client.invoke(op), System.nanoTime())) client.moveOn();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
