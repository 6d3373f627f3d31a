package io.faultline.kv.loop;

import io.grpc.Status;
import io.grpc.StatusRuntimeException;

/** The answers for requests that did not succeed, by what the client may conclude. */
public final class Failures {
    private Failures() {}

    /** Proposed, but leadership was lost before it applied: it may or may not take effect. */
    public static StatusRuntimeException outcomeUnknown(String why) {
        return Status.UNAVAILABLE.withDescription("outcome unknown: " + why).asRuntimeException();
    }

    public static StatusRuntimeException timedOut(String what, long ms) {
        return Status.DEADLINE_EXCEEDED.withDescription(what + " not answered within " + ms + " ms; outcome unknown")
                .asRuntimeException();
    }

    /** Definitely not done; safe to retry. */
    public static StatusRuntimeException busy(String why) {
        return Status.ABORTED.withDescription(why).asRuntimeException();
    }

    /** Refused as asked for (e.g. a membership change that cannot follow the current one); not done. */
    public static StatusRuntimeException invalid(String why) {
        return Status.INVALID_ARGUMENT.withDescription(why).asRuntimeException();
    }

    public static StatusRuntimeException stopping() {
        return Status.UNAVAILABLE.withDescription("node is shutting down").asRuntimeException();
    }
}
