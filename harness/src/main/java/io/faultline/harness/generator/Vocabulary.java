package io.faultline.harness.generator;

/** How a workload names its functions and keys in the history. */
public interface Vocabulary {
    String functionName(OpKind kind);

    /** The store key of key number {@code i}. */
    String storeKey(int i);

    /** The key as recorded in the history (null for a single register). */
    String historyKey(int i);
}
