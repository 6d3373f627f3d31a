package io.faultline.harness.system;

import io.faultline.harness.client.Completion;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.LongSupplier;

/**
 * A worker's choice of node and what it makes of a system's {@link ErrorKind}, shared by
 * the {@link FailoverClient} and the simulator's client: a redirect is only followed
 * when the refusal was definite (not leader, connection refused), so an operation is
 * never applied twice; anything else ends the operation.
 */
public final class Attempts {
    static final long REDIRECT_BACKOFF_MS = 25;

    /** What to do after an error. */
    public sealed interface Next permits Retry, Done {}

    /** Try again at {@link #current()} after {@code backoffMs}; {@code notSent}: the node refused the connection. */
    public record Retry(long backoffMs, boolean notSent) implements Next {}

    public record Done(Completion completion) implements Next {}

    private final List<Integer> ids;
    private final long opTimeoutNanos;
    private final LongSupplier clock;
    /** Nodes that just gave an unknown outcome, until when: redirects avoid them for a moment. */
    private final Map<Integer, Long> suspectUntil = new HashMap<>();
    private int current;
    private String lastRefusal = "no attempt";

    public Attempts(List<Integer> ids, int firstNode, long opTimeoutNanos, LongSupplier clock) {
        this.ids = new ArrayList<>(ids);
        this.ids.sort(null);
        this.opTimeoutNanos = opTimeoutNanos;
        this.clock = clock;
        this.current = this.ids.contains(firstNode) ? firstNode : this.ids.get(0);
    }

    public int current() {
        return current;
    }

    /** How many attempts one operation may make. */
    public int maxAttempts() {
        return 3 * ids.size();
    }

    /** Starts an operation. */
    public void begin() {
        lastRefusal = "no attempt";
    }

    /** Only definite refusals were seen: nothing was applied. */
    public Completion refused() {
        return Completion.fail(lastRefusal);
    }

    /**
     * After an unknown outcome the next operation starts elsewhere, and for one op
     * timeout leader hints naming that node are not followed: the node may be dead,
     * paused or cut off while the others still name it leader, and every op sent
     * there would end unknown again.
     */
    public void moveOn() {
        suspectUntil.put(current, clock.getAsLong() + opTimeoutNanos);
        current = next(current);
    }

    public Next onError(int node, ErrorKind v, boolean readOnly) {
        if (v instanceof ErrorKind.NotLeaderHere nl) {
            lastRefusal = "not leader: n" + node + " (hint " + nl.leaderId() + ")";
            int hinted = (int) nl.leaderId();
            if (hinted != node && ids.contains(hinted) && !suspect(hinted)) {
                current = hinted;
                return new Retry(0, false);
            }
            current = next(node);
            return new Retry(REDIRECT_BACKOFF_MS, false);
        }
        if (v instanceof ErrorKind.NotSent ns) {
            lastRefusal = "n" + node + " " + ns.reason();
            current = next(node);
            return new Retry(0, true);
        }
        if (v instanceof ErrorKind.Refused r) return new Done(Completion.fail(r.reason()).from(node));
        return new Done(Completion.unknown(readOnly, ((ErrorKind.Unknown) v).reason()).from(node));
    }

    private boolean suspect(int node) {
        Long until = suspectUntil.get(node);
        return until != null && clock.getAsLong() < until;
    }

    private int next(int node) {
        int i = ids.indexOf(node);
        return ids.get((i + 1) % ids.size());
    }

    @Override
    public String toString() {
        return ids + " at n" + current;
    }
}
