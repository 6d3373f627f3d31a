package io.faultline.harness.system;

import io.faultline.harness.client.Completion;
import io.faultline.harness.generator.KvOp;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * One worker's client: a per-operation timeout and failover between nodes around a
 * system's {@link NodeCaller}. It moves to another node only after a definite
 * refusal (not leader, connection refused), so an operation is never applied twice.
 */
public final class FailoverClient implements SystemClient {
    private static final long REDIRECT_BACKOFF_MS = 25;

    private final List<Integer> ids;
    private final NodeCaller caller;
    private final Duration opTimeout;
    /** Nodes that just gave an unknown outcome, until when (nanoTime): redirects avoid them for a moment. */
    private final Map<Integer, Long> suspectUntil = new HashMap<>();
    private int current;

    /**
     * @param ids       the nodes
     * @param firstNode the node to try first (spreads workers over the cluster)
     */
    public FailoverClient(List<Integer> ids, NodeCaller caller, Duration opTimeout, int firstNode) {
        this.ids = new ArrayList<>(ids);
        this.ids.sort(null);
        this.caller = caller;
        this.opTimeout = opTimeout;
        this.current = this.ids.contains(firstNode) ? firstNode : this.ids.get(0);
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
    @Override
    public void moveOn() {
        suspectUntil.put(current, System.nanoTime() + opTimeout.toNanos());
        current = next(current);
    }

    private boolean suspect(int node) {
        Long until = suspectUntil.get(node);
        return until != null && System.nanoTime() < until;
    }

    @Override
    public Completion invoke(KvOp op) {
        long deadline = System.nanoTime() + opTimeout.toNanos();
        String lastRefusal = "no attempt";
        int attempts = 0;
        while (attempts < 3 * ids.size()) {
            long remainingMs = (deadline - System.nanoTime()) / 1_000_000;
            if (remainingMs <= 0) break;
            attempts++;
            int node = current;
            try {
                return caller.call(node, op, remainingMs).from(node);
            } catch (Exception e) {
                if (e instanceof InterruptedException) Thread.currentThread().interrupt();
                Verdict v = caller.classify(e);
                if (v instanceof Verdict.NotLeaderHere nl) {
                    lastRefusal = "not leader: n" + node + " (hint " + nl.leaderId() + ")";
                    int hinted = (int) nl.leaderId();
                    if (hinted != node && ids.contains(hinted) && !suspect(hinted)) {
                        current = hinted;
                    } else {
                        current = next(node);
                        sleepQuietly(REDIRECT_BACKOFF_MS);
                    }
                } else if (v instanceof Verdict.NotSent ns) {
                    lastRefusal = "n" + node + " " + ns.reason();
                    caller.refused(node);
                    current = next(node);
                } else if (v instanceof Verdict.Refused r) {
                    return Completion.fail(r.reason()).from(node);
                } else {
                    return Completion.unknown(op.readOnly(), ((Verdict.Unknown) v).reason()).from(node);
                }
            }
        }
        // Only definite refusals were seen: nothing was applied.
        return Completion.fail(lastRefusal);
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
        caller.close();
    }

    @Override
    public String toString() {
        return "FailoverClient" + Arrays.toString(ids.toArray()) + " at n" + current;
    }
}
