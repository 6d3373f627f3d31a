package io.faultline.harness.system;

import io.faultline.harness.client.Completion;
import io.faultline.harness.generator.KvOp;

/**
 * One worker's client of the system under test (Jepsen's Client): runs one
 * operation at a time within the op timeout and says how it ended, per the outcome
 * table of docs/harness.md — a timeout is info, a definite refusal is fail, a read
 * is never info.
 */
public interface SystemClient extends AutoCloseable {
    Completion invoke(KvOp op);

    /** After an unknown outcome: start the next operation at another node. */
    void moveOn();

    @Override
    void close();
}
