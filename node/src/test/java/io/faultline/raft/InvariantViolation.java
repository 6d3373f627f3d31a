package io.faultline.raft;

/** A Raft safety or liveness property the simulator saw broken. */
final class InvariantViolation extends AssertionError {
    private static final long serialVersionUID = 1L;

    InvariantViolation(String message) {
        super(message);
    }
}
