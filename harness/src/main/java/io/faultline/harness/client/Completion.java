package io.faultline.harness.client;

import io.faultline.checker.history.Op;

/**
 * How one operation ended: ok with a value, a definite fail, or unknown (info), and
 * where it ended: {@code node}, the node that gave this answer (for an unknown outcome,
 * the node it was last sent to; null when none was reached, e.g. only refused
 * connections), and the term and leader that node reported, when the system tells them
 * (null otherwise), so that reports can say who answered.
 */
public record Completion(Op.Type type, Object value, String error, Integer node, Long term, Integer leader) {
    /** The error of a cas whose expected value did not match: a definite answer, not an outage. */
    public static final String CAS_MISMATCH = "cas mismatch";

    /** Whether a recorded completion is a cas whose expected value did not match (an answer, not an error). */
    public static boolean isCasMismatch(Op op) {
        return op.type() == Op.Type.FAIL && CAS_MISMATCH.equals(op.error());
    }

    public Completion {
        if (type == Op.Type.INVOKE) throw new IllegalArgumentException("a completion cannot be an invoke");
    }

    public Completion(Op.Type type, Object value, String error) {
        this(type, value, error, null, null, null);
    }

    public Completion(Op.Type type, Object value, String error, Integer node) {
        this(type, value, error, node, null, null);
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

    /** The same outcome, answered by (or, when unknown, last sent to) {@code node}. */
    public Completion from(int node) {
        return new Completion(type, value, error, node, term, leader);
    }

    /** This completion with the term and leader the answering node reported. */
    public Completion reported(Long term, Integer leader) {
        return new Completion(type, value, error, node, term, leader);
    }

    /** Where it went, as history extras ({@code node}, {@code term}, {@code leader}); empty when unknown. */
    public java.util.Map<String, Object> whereFields() {
        java.util.Map<String, Object> m = new java.util.LinkedHashMap<>();
        if (node != null) m.put(Op.NODE, "n" + node);
        if (term != null) m.put(Op.TERM, term);
        if (leader != null) m.put(Op.LEADER, "n" + leader);
        return m;
    }

    /** Whether the system answered: ok, or a definite no such as a cas mismatch (not a refusal, not unknown). */
    public boolean answered() {
        return type == Op.Type.OK || isCasMismatch();
    }

    public boolean isCasMismatch() {
        return type == Op.Type.FAIL && CAS_MISMATCH.equals(error);
    }
}
