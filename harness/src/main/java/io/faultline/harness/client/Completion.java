package io.faultline.harness.client;

import io.faultline.checker.history.Op;

/** How one operation ended: ok with a value, a definite fail, or unknown (info). */
public record Completion(Op.Type type, Object value, String error) {
    /** The error of a cas whose expected value did not match: a definite answer, not an outage. */
    public static final String CAS_MISMATCH = "cas mismatch";

    public Completion {
        if (type == Op.Type.INVOKE) throw new IllegalArgumentException("a completion cannot be an invoke");
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
}
