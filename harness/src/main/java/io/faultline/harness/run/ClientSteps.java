package io.faultline.harness.run;

import io.faultline.checker.history.Op;
import io.faultline.harness.client.Completion;
import io.faultline.harness.generator.KvOp;
import io.faultline.harness.generator.OpGenerator;
import io.faultline.harness.history.HistoryRecorder;

/**
 * One client's side of the history, as steps: the next op (recorded as invoked), then its
 * completion (recorded with the value a read returned or the value a write wrote, and where it
 * ended). After an unknown outcome the client carries on under a new process number (Jepsen's
 * rule: a process with an open op is gone). Whoever drives it does the waiting: a thread under
 * Docker, the scheduler in simulation; both record the same history for the same answers.
 */
public final class ClientSteps {
    private final long stride;
    private final OpGenerator generator;
    private final HistoryRecorder history;
    private long process;

    /**
     * @param stride    added to the process number after an unknown outcome (the worker count, so
     *                  that workers never share a number)
     * @param generator where ops come from; null for a client that is given its ops ({@link #invoke})
     */
    public ClientSteps(long firstProcess, long stride, OpGenerator generator, HistoryRecorder history) {
        this.process = firstProcess;
        this.stride = stride;
        this.generator = generator;
        this.history = history;
    }

    /** The generator's next op, recorded as invoked. */
    public KvOp next() {
        return invoke(generator.next());
    }

    /** Records {@code op} as invoked. */
    public KvOp invoke(KvOp op) {
        history.record(process, Op.Type.INVOKE, op.f(), op.historyKey(), op.value(), null, null);
        return op;
    }

    /**
     * Records how {@code op} ended and tells the generator; true when its outcome is unknown: the
     * client must then move on (its connection may hold the op), under the new process number.
     */
    public boolean complete(KvOp op, Completion c, long nowNanos) {
        Object value = op.readOnly() ? c.value() : op.value();
        history.record(process, c.type(), op.f(), op.historyKey(), value, c.error(), c.whereFields());
        if (generator != null) generator.observe(op, c.type() == Op.Type.OK, c.answered(), nowNanos);
        if (c.type() != Op.Type.INFO) return false;
        process += stride;
        return true;
    }

    public long process() {
        return process;
    }
}
