package io.faultline.harness.generator;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * One worker's operation stream: a pure function of (seed, worker), so the same
 * seed gives the same sequence. Written values are {@code <worker>-<n>}, unique in
 * the run, so a reader can tell every write apart. A cas expects one of the values
 * this worker wrote last to that key (or absence), which makes some of them succeed.
 * With a read-after-write share, that share of writes and cas is followed at once by a
 * read of the same key: an acknowledged write that a fault then loses is read missing
 * before later writes to the key hide the loss.
 *
 * <p>With rechecks, the generator also hears how each op ended ({@link #observe}): after
 * trouble (an op without a definite answer, or refused for want of a leader) the worker
 * re-reads the keys of its last few acknowledged writes before anything else, retrying
 * each until it is answered (for a while: {@link #RECHECK_WINDOW_NANOS}). A crash that loses acknowledged writes makes every worker miss a
 * few answers; once the cluster is back, their first ops read what was lost, before the
 * workload's new writes to those keys hide it. Each acknowledged write is rechecked
 * after one trouble at most, so a worker that keeps failing still moves on.
 */
public final class OpGenerator {
    private static final int REMEMBERED = 3;
    /**
     * How long after the trouble a worker keeps trying its rechecks: long enough for every
     * node of a cluster to restart and elect a leader on a loaded machine (tens of seconds),
     * short enough that a worker whose node keeps refusing moves on within a run.
     */
    static final long RECHECK_WINDOW_NANOS = 60_000_000_000L;

    private final Vocabulary vocabulary;
    private final OpMix mix;
    private final KeyDistribution distribution;
    private final int keyCount;
    private final int worker;
    private final SplittableRandom rnd;
    private final int readAfterWritePercent;
    /** The key the next op reads, after a write chose to be checked at once; -1 for none. */
    private int readNext = -1;
    private final Map<Integer, Deque<String>> written = new HashMap<>();
    private long counter;
    private final int recheckWrites;
    /** Keys of this worker's last acknowledged writes, newest first, at most {@link #recheckWrites}. */
    private final Deque<Integer> acknowledged = new ArrayDeque<>();
    /** Whether a write was acknowledged since the last trouble queued rechecks. */
    private boolean unchecked;
    private final Deque<Integer> rechecks = new ArrayDeque<>();
    private long rechecksSince;
    /** The recheck read last handed out, to know its answer when it comes. */
    private KvOp recheck;
    /** The key of the last op {@link #issue} made (reads handed out otherwise never write). */
    private int lastKey;

    /** @param recheckWrites how many of its last acknowledged writes a worker re-reads after trouble; 0 for none */
    public OpGenerator(Vocabulary vocabulary, OpMix mix, KeyDistribution distribution, int keyCount,
                       long seed, int worker, int readAfterWritePercent, int recheckWrites) {
        if (keyCount < 1) throw new IllegalArgumentException("key count must be at least 1");
        this.recheckWrites = recheckWrites;
        this.vocabulary = vocabulary;
        this.mix = mix;
        this.distribution = distribution;
        this.keyCount = keyCount;
        this.worker = worker;
        this.rnd = Seeds.stream(seed, "worker", worker);
        this.readAfterWritePercent = readAfterWritePercent;
    }

    public KvOp next() {
        if (readNext >= 0) {
            int k = readNext;
            readNext = -1;
            return read(k);
        }
        if (!rechecks.isEmpty()) {
            recheck = read(rechecks.peekFirst());
            return recheck;
        }
        return issue();
    }

    private KvOp issue() {
        OpKind kind = mix.pick(rnd);
        int k = distribution.pick(rnd, keyCount);
        if ((kind == OpKind.WRITE || kind == OpKind.CAS) && readAfterWritePercent > 0
                && rnd.nextInt(100) < readAfterWritePercent) {
            readNext = k;
        }
        Object value = switch (kind) {
            case READ, DELETE -> null;
            case WRITE -> freshValue(k);
            case CAS -> {
                String expected = expectedFor(k);
                List<String> pair = new ArrayList<>(2); // List.of forbids the null "absent"
                pair.add(expected);
                pair.add(freshValue(k));
                yield java.util.Collections.unmodifiableList(pair);
            }
        };
        lastKey = k;
        return new KvOp(vocabulary.functionName(kind), kind, vocabulary.storeKey(k), vocabulary.historyKey(k), value);
    }

    /**
     * How {@code op}, the last one {@link #next} gave, ended. Only rechecks use it; a
     * generator without them ignores it, so its ops stay a function of (seed, worker).
     *
     * @param answered whether the system gave a definite answer: ok, or a fail such as a cas
     *                 mismatch; false for unknown outcomes and for refusals for want of a leader
     *                 or a node (timeouts, unreachable nodes, no leader)
     * @param nanos    when it ended, on the run's clock (virtual in a simulation)
     */
    public void observe(KvOp op, boolean ok, boolean answered, long nanos) {
        if (recheckWrites == 0) return;
        if (op == recheck) {
            recheck = null;
            if (ok) rechecks.removeFirst();
            if (nanos - rechecksSince > RECHECK_WINDOW_NANOS) rechecks.clear();
            return;
        }
        if (ok && !op.readOnly()) {
            int key = lastKey;
            acknowledged.remove(key);
            acknowledged.addFirst(key);
            if (acknowledged.size() > recheckWrites) acknowledged.removeLast();
            unchecked = true;
        } else if (!answered && unchecked && rechecks.isEmpty()) {
            rechecks.addAll(acknowledged);
            rechecksSince = nanos;
            unchecked = false;
        }
    }

    private KvOp read(int k) {
        return new KvOp(vocabulary.functionName(OpKind.READ), OpKind.READ, vocabulary.storeKey(k),
                vocabulary.historyKey(k), null);
    }

    private String freshValue(int key) {
        String v = worker + "-" + (++counter);
        Deque<String> recent = written.computeIfAbsent(key, x -> new ArrayDeque<>());
        recent.addFirst(v);
        if (recent.size() > REMEMBERED) recent.removeLast();
        return v;
    }

    private String expectedFor(int key) {
        Deque<String> recent = written.get(key);
        if (recent == null || recent.isEmpty() || rnd.nextInt(5) == 0) return null;
        int pick = rnd.nextInt(recent.size());
        return new ArrayList<>(recent).get(pick);
    }
}
