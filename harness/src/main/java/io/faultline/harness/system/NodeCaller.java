package io.faultline.harness.system;

import io.faultline.harness.client.Completion;
import io.faultline.harness.generator.KvOp;

/**
 * The part of a client that speaks one system's API to one node; the failover
 * around it ({@link FailoverClient}) is the same for every system.
 */
public interface NodeCaller extends AutoCloseable {
    /** Runs {@code op} on {@code node}; throws whatever the system's client throws. */
    Completion call(int node, KvOp op, long timeoutMs) throws Exception;

    /** Classifies an exception thrown by {@link #call}. */
    ErrorKind classify(Exception e);

    /** The connection to {@code node} was refused: reconnect at once next time (no backoff). */
    default void refused(int node) {}

    @Override
    default void close() {}
}
