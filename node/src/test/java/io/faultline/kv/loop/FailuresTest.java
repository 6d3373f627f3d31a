package io.faultline.kv.loop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.grpc.Status;
import org.junit.jupiter.api.Test;

/** The status codes are the node's promise to clients (docs/node.md); the harness's OutcomeMapper relies on them. */
class FailuresTest {
    @Test
    void busyIsAbortedDefinitelyNotDone() {
        var e = Failures.busy("another membership change is in progress");
        assertEquals(Status.Code.ABORTED, e.getStatus().getCode());
        assertEquals("another membership change is in progress", e.getStatus().getDescription());
    }

    @Test
    void unknownOutcomesAreUnavailableOrDeadlineExceeded() {
        var unknown = Failures.outcomeUnknown("node stopped");
        assertEquals(Status.Code.UNAVAILABLE, unknown.getStatus().getCode());
        assertTrue(unknown.getStatus().getDescription().startsWith("outcome unknown: "));
        assertEquals(Status.Code.DEADLINE_EXCEEDED, Failures.timedOut("write", 5000).getStatus().getCode());
        assertEquals(Status.Code.UNAVAILABLE, Failures.stopping().getStatus().getCode());
    }
}
