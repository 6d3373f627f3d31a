package io.faultline.harness.system.etcd;

import io.etcd.jetcd.common.exception.EtcdException;
import io.faultline.harness.system.ConnectionErrors;
import io.faultline.harness.system.ErrorKind;
import io.grpc.Status;
import java.util.Locale;
import java.util.concurrent.TimeoutException;

/**
 * Jepsen's outcome rules for etcd's v3 API as jetcd reports it. etcd forwards
 * proposals to its leader itself, so there is no redirect; what is certainly not
 * applied: a refused connection, "no leader" (the client asks for a leader with the
 * {@code hasleader} header, and a member without one refuses before it looks at the
 * request), and the refusals etcd makes before proposing (bad request, too many
 * requests, compacted, auth). Everything else — a timeout, "request timed out",
 * "leader changed", a dropped connection — may have been applied.
 */
final class EtcdOutcomes {
    static final String NO_LEADER = "etcdserver: no leader";

    private EtcdOutcomes() {}

    static ErrorKind classify(Throwable thrown) {
        Throwable e = ConnectionErrors.unwrap(thrown);
        if (e instanceof TimeoutException) return new ErrorKind.Unknown("timeout");
        Status.Code code;
        String message;
        if (e instanceof EtcdException etcd) {
            code = grpcCode(etcd.getErrorCode().name());
            message = etcd.getMessage();
        } else {
            Status status = Status.fromThrowable(e);
            code = status.getCode();
            message = status.getDescription() != null ? status.getDescription() : String.valueOf(e);
        }
        String reason = code.name().toLowerCase(Locale.ROOT) + (message == null ? "" : ": " + message);
        if (ConnectionErrors.neverConnected(e)) return new ErrorKind.NotSent(reason);
        return switch (code) {
            case UNAVAILABLE -> message != null && message.contains(NO_LEADER)
                    ? new ErrorKind.NotSent(reason) : new ErrorKind.Unknown(reason);
            case INVALID_ARGUMENT, RESOURCE_EXHAUSTED, OUT_OF_RANGE, PERMISSION_DENIED, UNAUTHENTICATED,
                    UNIMPLEMENTED -> new ErrorKind.Refused(reason);
            default -> new ErrorKind.Unknown(reason);
        };
    }

    private static Status.Code grpcCode(String name) {
        try {
            return Status.Code.valueOf(name);
        } catch (IllegalArgumentException e) {
            return Status.Code.UNKNOWN;
        }
    }
}
