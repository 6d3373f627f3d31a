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
 */
public final class OpGenerator {
    private static final int REMEMBERED = 3;

    private final Vocabulary vocabulary;
    private final OpMix mix;
    private final KeyDistribution distribution;
    private final int keyCount;
    private final int worker;
    private final SplittableRandom rnd;
    private final Map<Integer, Deque<String>> written = new HashMap<>();
    private long counter;

    public OpGenerator(Vocabulary vocabulary, OpMix mix, KeyDistribution distribution, int keyCount,
                       long seed, int worker) {
        if (keyCount < 1) throw new IllegalArgumentException("key count must be at least 1");
        this.vocabulary = vocabulary;
        this.mix = mix;
        this.distribution = distribution;
        this.keyCount = keyCount;
        this.worker = worker;
        this.rnd = Seeds.stream(seed, "worker", worker);
    }

    public KvOp next() {
        OpKind kind = mix.pick(rnd);
        int k = distribution.pick(rnd, keyCount);
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
