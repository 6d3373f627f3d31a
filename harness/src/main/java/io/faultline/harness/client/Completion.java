package io.faultline.harness.client;

import io.faultline.checker.history.Op;

/**
 * How one operation ended: ok with a value, a definite fail, or unknown (info).
 * {@code node} is the node that gave this answer (null when none did, e.g. only
 * refused connections), so that reports can say who answered.
 */
public record Completion(Op.Type type, Object value, String error, Integer node) {
    /** The error of a cas whose expected value did not match: a definite answer, not an outage. */
    public static final String CAS_MISMATCH = "cas mismatch";

    public Completion {
        if (type == Op.Type.INVOKE) throw new IllegalArgumentException("a completion cannot be an invoke");
    }

    public Completion(Op.Type type, Object value, String error) {
        this(type, value, error, null);
    }

    public static Completion ok(Object value) {
        return new Completion(Op.Type.OK, value, null);
    }

    public static Completion fail(String error) {
        return new Completion(Op.Type.FAIL, null, error);
    }

    public static Completion info(String error) {
        return new Completion(Op.Type.INFO, null, error);
    }

    /**
     * A read that did not complete has no effect on the state, so it can be
     * recorded as fail instead of info (this keeps the checker's search small);
     * writes must stay info.
     */
    public static Completion unknown(boolean readOnly, String reason) {
        return readOnly ? fail(reason) : info(reason);
    }

    /** The same outcome, answered by {@code node}. */
    public Completion from(int node) {
        return new Completion(type, value, error, node);
    }
}
