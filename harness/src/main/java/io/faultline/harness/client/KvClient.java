package io.faultline.harness.client;

import io.faultline.kv.api.GetRequest;
import io.faultline.kv.api.KvGrpc;
import io.faultline.harness.generator.KvOp;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import io.grpc.StatusRuntimeException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * One worker's client: its own channel to every node, a per-operation timeout and
 * leader redirects. A redirect is only followed when the refusal was definite
 * (not leader, connection refused), so an operation is never applied twice.
 */
public final class KvClient implements AutoCloseable {
    private final Map<Integer, String> addresses;
    private final Map<Integer, ManagedChannel> channels = new HashMap<>();
    private final Duration opTimeout;
    private final Attempts attempts;

    /**
     * @param addresses client address (host:port) by node id
     * @param firstNode the node to try first (spreads workers over the cluster)
     */
    public KvClient(Map<Integer, String> addresses, Duration opTimeout, int firstNode) {
        this.addresses = Map.copyOf(addresses);
        this.opTimeout = opTimeout;
        this.attempts = new Attempts(new ArrayList<>(addresses.keySet()), firstNode, opTimeout.toNanos(), System::nanoTime);
    }

    /** The node the next operation goes to first. */
    public int currentNode() {
        return attempts.current();
    }

    /** See {@link Attempts#moveOn()}. */
    public void moveOn() {
        attempts.moveOn();
    }

    public Completion invoke(KvOp op) {
        long deadline = System.nanoTime() + opTimeout.toNanos();
        attempts.begin();
        for (int attempt = 0; attempt < attempts.maxAttempts(); attempt++) {
            long remainingMs = (deadline - System.nanoTime()) / 1_000_000;
            if (remainingMs <= 0) break;
            int node = attempts.current();
            try {
                return call(node, op, remainingMs);
            } catch (StatusRuntimeException e) {
                Attempts.Next next = attempts.onError(node, e, op.readOnly());
                if (next instanceof Attempts.Done done) return done.completion();
                Attempts.Retry retry = (Attempts.Retry) next;
                if (retry.notSent()) channel(node).resetConnectBackoff();
                if (retry.backoffMs() > 0) sleepQuietly(retry.backoffMs());
            }
        }
        return attempts.refused();
    }

    private Completion call(int node, KvOp op, long timeoutMs) {
        KvGrpc.KvBlockingStub stub = KvGrpc.newBlockingStub(channel(node))
                .withDeadlineAfter(timeoutMs, TimeUnit.MILLISECONDS);
        switch (op.kind()) {
            case READ:
                return KvRequests.read(stub.get(GetRequest.newBuilder().setKey(op.key()).build()));
            case WRITE:
                return KvRequests.written(op, stub.put(KvRequests.put(op)));
            case CAS:
                return KvRequests.written(op, stub.cas(KvRequests.cas(op)));
            case DELETE:
                return KvRequests.written(op, stub.delete(KvRequests.delete(op)));
            default:
                throw new IllegalStateException("unknown op kind " + op.kind());
        }
    }

    private ManagedChannel channel(int node) {
        return channels.computeIfAbsent(node,
                n -> ManagedChannelBuilder.forTarget(addresses.get(n)).usePlaintext().build());
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
        for (ManagedChannel c : channels.values()) c.shutdownNow();
        for (ManagedChannel c : channels.values()) {
            try {
                c.awaitTermination(1, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    @Override
    public String toString() {
        return "KvClient" + attempts;
    }
}
