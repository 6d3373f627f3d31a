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
 */
public final class OpGenerator {
    private static final int REMEMBERED = 3;

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

    public OpGenerator(Vocabulary vocabulary, OpMix mix, KeyDistribution distribution, int keyCount,
                       long seed, int worker) {
        this(vocabulary, mix, distribution, keyCount, seed, worker, 0);
    }

    public OpGenerator(Vocabulary vocabulary, OpMix mix, KeyDistribution distribution, int keyCount,
                       long seed, int worker, int readAfterWritePercent) {
        if (keyCount < 1) throw new IllegalArgumentException("key count must be at least 1");
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
            return new KvOp(vocabulary.functionName(OpKind.READ), OpKind.READ, vocabulary.storeKey(k),
                    vocabulary.historyKey(k), null);
        }
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
        return new KvOp(vocabulary.functionName(kind), kind, vocabulary.storeKey(k), vocabulary.historyKey(k), value);
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
