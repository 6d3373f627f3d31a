package io.faultline.harness.client;

import io.faultline.kv.api.NotLeader;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.net.ConnectException;
import java.util.Optional;

/**
 * Jepsen's outcome rules for a gRPC error. Only what is certain not to have taken
 * effect may become {@code fail}; everything else is {@code info} (unknown).
 */
public final class OutcomeMapper {
    private OutcomeMapper() {}

    /** What an error says about whether the request took effect. */
    public sealed interface Verdict {}

    /** Definitely not applied: the node is not the leader; try the hinted one. */
    public record NotLeaderHere(long leaderId) implements Verdict {}

    /** Definitely not applied: the request never reached a node (connection refused). */
    public record NotSent(String reason) implements Verdict {}

    /** Definitely refused by the node. */
    public record Refused(String reason) implements Verdict {}

    /** May or may not have been applied. */
    public record Unknown(String reason) implements Verdict {}

    public static Verdict classify(StatusRuntimeException e) {
        Optional<NotLeader> notLeader = NotLeader.from(e);
        if (notLeader.isPresent()) return new NotLeaderHere(notLeader.get().leaderId());
        Status.Code code = e.getStatus().getCode();
        String reason = describe(e);
        return switch (code) {
            case UNAVAILABLE -> neverConnected(e) ? new NotSent(reason) : new Unknown(reason);
            // ABORTED is the node's "busy, definitely not done" (Failures.busy): safe to call a fail.
            case INVALID_ARGUMENT, UNIMPLEMENTED, PERMISSION_DENIED, UNAUTHENTICATED, OUT_OF_RANGE, ABORTED ->
                    new Refused(reason);
            default -> new Unknown(reason);
        };
    }

    /**
     * A read that did not complete has no effect on the state, so it can be
     * recorded as fail instead of info (this keeps the checker's search small);
     * writes must stay info.
     */
    public static Completion unknownOutcome(boolean readOnly, String reason) {
        return readOnly ? Completion.fail(reason) : Completion.info(reason);
    }

    private static boolean neverConnected(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof ConnectException) return true;
            String m = t.getMessage();
            if (m != null && m.contains("Connection refused")) return true;
        }
        return false;
    }

    static String describe(StatusRuntimeException e) {
        String d = e.getStatus().getDescription();
        String code = e.getStatus().getCode().name().toLowerCase(java.util.Locale.ROOT);
        return d == null || d.isEmpty() ? code : code + ": " + d;
    }
}
