package io.faultline.harness.system.faultline;

import io.faultline.harness.system.ConnectionErrors;
import io.faultline.harness.system.ErrorKind;
import io.faultline.harness.system.ErrorKind.NotLeaderHere;
import io.faultline.harness.system.ErrorKind.NotSent;
import io.faultline.harness.system.ErrorKind.Refused;
import io.faultline.harness.system.ErrorKind.Unknown;
import io.faultline.kv.api.NotLeader;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.util.Optional;

/**
 * Jepsen's outcome rules for an error of the Faultline node's gRPC API (kv.proto).
 * Only what is certain not to have taken effect may become {@code fail}; everything
 * else is {@code info} (unknown).
 */
public final class OutcomeMapper {
    private OutcomeMapper() {}

    public static ErrorKind classify(StatusRuntimeException e) {
        Optional<NotLeader> notLeader = NotLeader.from(e);
        // The hint names a member; the harness names nodes by place (a replaced member's number differs).
        if (notLeader.isPresent()) return new NotLeaderHere(io.faultline.kv.config.MemberNumbers.place(notLeader.get().leaderId()));
        Status.Code code = e.getStatus().getCode();
        String reason = describe(e);
        return switch (code) {
            case UNAVAILABLE -> ConnectionErrors.neverConnected(e) ? new NotSent(reason) : new Unknown(reason);
            // ABORTED is the node's "busy, definitely not done" (Failures.busy): safe to call a fail.
            case INVALID_ARGUMENT, UNIMPLEMENTED, PERMISSION_DENIED, UNAUTHENTICATED, OUT_OF_RANGE, ABORTED ->
                    new Refused(reason);
            default -> new Unknown(reason);
        };
    }

    static String describe(StatusRuntimeException e) {
        String d = e.getStatus().getDescription();
        String code = e.getStatus().getCode().name().toLowerCase(java.util.Locale.ROOT);
        return d == null || d.isEmpty() ? code : code + ": " + d;
    }
}
