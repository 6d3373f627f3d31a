package io.faultline.harness.system;

/**
 * What a system's error says about whether a request took effect. Only what is
 * certain not to have taken effect may end up {@code fail}.
 */
public sealed interface Verdict {
    /** Definitely not applied: the node is not the leader; try {@code leaderId} (0: unknown). */
    record NotLeaderHere(long leaderId) implements Verdict {}

    /** Definitely not applied: the request never reached a node (connection refused), or it refused to start it. */
    record NotSent(String reason) implements Verdict {}

    /** Definitely refused by the node. */
    record Refused(String reason) implements Verdict {}

    /** May or may not have been applied. */
    record Unknown(String reason) implements Verdict {}
}
