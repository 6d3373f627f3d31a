package io.faultline.harness.system.nats;

import io.faultline.harness.system.ConnectionErrors;
import io.faultline.harness.system.ErrorKind;
import java.util.concurrent.TimeoutException;

/**
 * What a JetStream error says of a KV write. Every member accepts every request and routes it
 * to the stream leader itself, so there is no redirect. Certainly not applied: the connection to
 * the member was never made, or jnats refused to queue the request while it reconnects (its
 * reconnect buffer is off); "no responders" (the member knew of no stream leader to take the
 * message: nobody received it); "wrong last sequence" (the leader checks a write's expected
 * revision before it proposes it, and every replica checks it again as it applies); and a cas
 * whose read of the key failed, so its write was never sent. Everything else — a timeout, a
 * connection lost after sending, any other JetStream error — may have been applied.
 */
final class NatsOutcomes {
    private NatsOutcomes() {}

    /** A cas whose first step, the read of the key's revision, failed: its write was never sent. */
    static final class CasReadFailed extends Exception {
        CasReadFailed(Exception cause) {
            super(cause);
        }
    }

    /** The request could not be handed to the member's connection at all. */
    static final class NotConnected extends Exception {
        NotConnected(String message, Throwable cause) {
            super(message, cause);
        }
    }

    static ErrorKind classify(Throwable thrown) {
        Throwable e = ConnectionErrors.unwrap(thrown);
        if (e instanceof CasReadFailed read) {
            ErrorKind kind = classify(read.getCause());
            return kind instanceof ErrorKind.Unknown u ? new ErrorKind.Refused("cas read: " + u.reason()) : kind;
        }
        if (e instanceof TimeoutException) return new ErrorKind.Unknown("timeout");
        if (e instanceof NotConnected) return new ErrorKind.NotSent(e.getMessage());
        if (e instanceof NatsApiError api) {
            if (api.noResponders()) return new ErrorKind.NotSent("no responders");
            if (api.errCode == NatsApiError.WRONG_LAST_SEQUENCE) return new ErrorKind.Refused(api.getMessage());
            return new ErrorKind.Unknown(api.getMessage());
        }
        if (ConnectionErrors.neverConnected(e)) return new ErrorKind.NotSent(String.valueOf(e.getMessage()));
        return new ErrorKind.Unknown(e.getClass().getSimpleName() + ": " + e.getMessage());
    }
}
