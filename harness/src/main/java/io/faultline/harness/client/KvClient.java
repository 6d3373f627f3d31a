package io.faultline.harness.client;

import io.faultline.kv.api.CasRequest;
import io.faultline.kv.api.CasResponse;
import io.faultline.kv.api.DeleteRequest;
import io.faultline.kv.api.GetRequest;
import io.faultline.kv.api.GetResponse;
import io.faultline.kv.api.KvGrpc;
import io.faultline.kv.api.PutRequest;
import io.faultline.harness.generator.KvOp;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import io.grpc.StatusRuntimeException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * One worker's client: its own channel to every node, a per-operation timeout and
 * leader redirects. A redirect is only followed when the refusal was definite
 * (not leader, connection refused), so an operation is never applied twice.
 */
public final class KvClient implements AutoCloseable {
    private static final long REDIRECT_BACKOFF_MS = 25;

    private final List<Integer> ids;
    private final Map<Integer, String> addresses;
    private final Map<Integer, ManagedChannel> channels = new HashMap<>();
    private final Duration opTimeout;
    /** Nodes that just gave an unknown outcome, until when (nanoTime): redirects avoid them for a moment. */
    private final Map<Integer, Long> suspectUntil = new HashMap<>();
    private int current;

    /**
     * @param addresses client address (host:port) by node id
     * @param firstNode the node to try first (spreads workers over the cluster)
     */
    public KvClient(Map<Integer, String> addresses, Duration opTimeout, int firstNode) {
        this.addresses = Map.copyOf(addresses);
        this.ids = new ArrayList<>(addresses.keySet());
        this.ids.sort(null);
        this.opTimeout = opTimeout;
        this.current = ids.contains(firstNode) ? firstNode : ids.get(0);
    }

    /** The node the next operation goes to first. */
    public int currentNode() {
        return current;
    }

    /**
     * After an unknown outcome the next operation starts elsewhere, and for one op
     * timeout leader hints naming that node are not followed: the node may be dead,
     * paused or cut off while the others still name it leader, and every op sent
     * there would end unknown again.
     */
    public void moveOn() {
        suspectUntil.put(current, System.nanoTime() + opTimeout.toNanos());
        current = next(current);
    }

    private boolean suspect(int node) {
        Long until = suspectUntil.get(node);
        return until != null && System.nanoTime() < until;
    }

    public Completion invoke(KvOp op) {
        long deadline = System.nanoTime() + opTimeout.toNanos();
        String lastRefusal = "no attempt";
        Integer lastNode = null;
        int attempts = 0;
        while (attempts < 3 * ids.size()) {
            long remainingMs = (deadline - System.nanoTime()) / 1_000_000;
            if (remainingMs <= 0) break;
            attempts++;
            int node = current;
            lastNode = node;
            try {
                return call(node, op, remainingMs).at(node);
            } catch (StatusRuntimeException e) {
                OutcomeMapper.Verdict v = OutcomeMapper.classify(e);
                if (v instanceof OutcomeMapper.NotLeaderHere nl) {
                    lastRefusal = "not leader: n" + node + " (hint " + nl.leaderId() + ")";
                    int hinted = (int) nl.leaderId();
                    if (hinted != node && addresses.containsKey(hinted) && !suspect(hinted)) {
                        current = hinted;
                    } else {
                        current = next(node);
                        sleepQuietly(REDIRECT_BACKOFF_MS);
                    }
                } else if (v instanceof OutcomeMapper.NotSent ns) {
                    lastRefusal = "n" + node + " " + ns.reason();
                    channel(node).resetConnectBackoff();
                    current = next(node);
                } else if (v instanceof OutcomeMapper.Refused r) {
                    return Completion.fail(r.reason()).at(node);
                } else {
                    return OutcomeMapper.unknownOutcome(op.readOnly(), ((OutcomeMapper.Unknown) v).reason()).at(node);
                }
            }
        }
        // Only definite refusals were seen: nothing was applied. The node is the last one refusing.
        Completion refused = Completion.fail(lastRefusal);
        return lastNode == null ? refused : refused.at(lastNode);
    }

    private Completion call(int node, KvOp op, long timeoutMs) {
        KvGrpc.KvBlockingStub stub = KvGrpc.newBlockingStub(channel(node))
                .withDeadlineAfter(timeoutMs, TimeUnit.MILLISECONDS);
        switch (op.kind()) {
            case READ: {
                GetResponse r = stub.get(GetRequest.newBuilder().setKey(op.key()).build());
                return Completion.ok(r.getFound() ? r.getValue() : null);
            }
            case WRITE:
                stub.put(PutRequest.newBuilder().setKey(op.key()).setValue((String) op.value()).build());
                return Completion.ok(op.value());
            case CAS: {
                List<?> v = (List<?>) op.value();
                String expected = (String) v.get(0);
                CasRequest.Builder b = CasRequest.newBuilder().setKey(op.key()).setNewValue((String) v.get(1));
                if (expected == null) b.setExpectedAbsent(true);
                else b.setExpected(expected);
                CasResponse r = stub.cas(b.build());
                return r.getSwapped() ? Completion.ok(op.value()) : Completion.fail(Completion.CAS_MISMATCH);
            }
            case DELETE:
                stub.delete(DeleteRequest.newBuilder().setKey(op.key()).build());
                return Completion.ok(null);
            default:
                throw new IllegalStateException("unknown op kind " + op.kind());
        }
    }

    private ManagedChannel channel(int node) {
        return channels.computeIfAbsent(node,
                n -> ManagedChannelBuilder.forTarget(addresses.get(n)).usePlaintext().build());
    }

    private int next(int node) {
        int i = ids.indexOf(node);
        return ids.get((i + 1) % ids.size());
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
        return "KvClient" + Arrays.toString(ids.toArray()) + " at n" + current;
    }
}
