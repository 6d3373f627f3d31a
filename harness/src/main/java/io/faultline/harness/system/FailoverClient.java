package io.faultline.harness.system;

import io.faultline.harness.client.Completion;
import io.faultline.harness.generator.KvOp;
import java.time.Duration;
import java.util.List;

/**
 * One worker's client: a per-operation timeout and failover between nodes around a
 * system's {@link NodeCaller}. It moves to another node only after a definite
 * refusal (not leader, connection refused), so an operation is never applied twice.
 */
public final class FailoverClient implements SystemClient {
    private final NodeCaller caller;
    private final Duration opTimeout;
    private final Attempts attempts;

    /**
     * @param ids       the nodes
     * @param firstNode the node to try first (spreads workers over the cluster)
     */
    public FailoverClient(List<Integer> ids, NodeCaller caller, Duration opTimeout, int firstNode) {
        this.caller = caller;
        this.opTimeout = opTimeout;
        this.attempts = new Attempts(ids, firstNode, opTimeout.toNanos(), System::nanoTime);
    }

    /** The node the next operation goes to first. */
    public int currentNode() {
        return attempts.current();
    }

    /** See {@link Attempts#moveOn()}. */
    @Override
    public void moveOn() {
        attempts.moveOn();
    }

    @Override
    public Completion invoke(KvOp op) {
        long deadline = System.nanoTime() + opTimeout.toNanos();
        attempts.begin();
        for (int attempt = 0; attempt < attempts.maxAttempts(); attempt++) {
            long remainingMs = (deadline - System.nanoTime()) / 1_000_000;
            if (remainingMs <= 0) break;
            int node = attempts.current();
            try {
                return caller.call(node, op, remainingMs).from(node);
            } catch (Exception e) {
                if (e instanceof InterruptedException) Thread.currentThread().interrupt();
                Attempts.Next next = attempts.onError(node, caller.classify(e), op.readOnly());
                if (next instanceof Attempts.Done done) return done.completion();
                Attempts.Retry retry = (Attempts.Retry) next;
                if (retry.notSent()) caller.refused(node);
                if (retry.backoffMs() > 0) sleepQuietly(retry.backoffMs());
            }
        }
        // Only definite refusals were seen: nothing was applied.
        return attempts.refused();
    }

    private static void sleepQuietly(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        caller.close();
    }

    @Override
    public String toString() {
        return "FailoverClient" + attempts;
    }
}
