package io.faultline.harness.system;

/**
 * What kind of error a system answered: whether the request may have taken effect. Only what is
 * certain not to have taken effect may end up {@code fail}.
 */
public sealed interface ErrorKind {
    /** Definitely not applied: the node is not the leader; try {@code leaderId} (0: unknown). */
    record NotLeaderHere(long leaderId) implements ErrorKind {}

    /** Definitely not applied: the request never reached a node (connection refused), or it refused to start it. */
    record NotSent(String reason) implements ErrorKind {}

    /** Definitely refused by the node. */
    record Refused(String reason) implements ErrorKind {}

    /** May or may not have been applied. */
    record Unknown(String reason) implements ErrorKind {}
}
