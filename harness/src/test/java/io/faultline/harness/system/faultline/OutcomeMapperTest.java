package io.faultline.harness.system.faultline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import io.faultline.checker.history.Op;
import io.faultline.harness.client.Completion;
import io.faultline.harness.system.ErrorKind;
import io.faultline.kv.api.NotLeader;
import io.faultline.kv.loop.Failures;
import io.grpc.Status;
import java.net.ConnectException;
import org.junit.jupiter.api.Test;

class OutcomeMapperTest {
    @Test
    void notLeaderCarriesTheHint() {
        var v = OutcomeMapper.classify(new NotLeader(3, "n3:7000").toException());
        assertEquals(3, assertInstanceOf(ErrorKind.NotLeaderHere.class, v).leaderId());
    }

    @Test
    void connectionRefusedWasNeverSent() {
        var e = Status.UNAVAILABLE.withCause(new ConnectException("Connection refused")).asRuntimeException();
        assertInstanceOf(ErrorKind.NotSent.class, OutcomeMapper.classify(e));
    }

    @Test
    void unavailableWithoutAConnectFailureIsUnknown() {
        assertInstanceOf(ErrorKind.Unknown.class,
                OutcomeMapper.classify(Status.UNAVAILABLE.withDescription("leadership lost").asRuntimeException()));
    }

    @Test
    void timeoutsAndOddStatusesAreUnknown() {
        for (Status s : new Status[] {Status.DEADLINE_EXCEEDED, Status.CANCELLED, Status.INTERNAL, Status.UNKNOWN,
                Status.FAILED_PRECONDITION.withDescription("something else")}) {
            assertInstanceOf(ErrorKind.Unknown.class, OutcomeMapper.classify(s.asRuntimeException()), s.toString());
        }
    }

    /** The node's own answers, classified as the node documents them (docs/node.md, status codes). */
    @Test
    void theNodesFailuresMeanWhatTheNodeSays() {
        assertInstanceOf(ErrorKind.Refused.class,
                OutcomeMapper.classify(Failures.busy("another membership change is in progress")));
        assertInstanceOf(ErrorKind.Refused.class,
                OutcomeMapper.classify(Failures.busy("not committed: log index 7 went to another entry")));
        assertInstanceOf(ErrorKind.Unknown.class, OutcomeMapper.classify(Failures.outcomeUnknown("node stopped")));
        assertInstanceOf(ErrorKind.Unknown.class, OutcomeMapper.classify(Failures.timedOut("write", 5000)));
        assertInstanceOf(ErrorKind.Unknown.class, OutcomeMapper.classify(Failures.stopping()));
    }

    @Test
    void badRequestsAreDefiniteRefusals() {
        assertInstanceOf(ErrorKind.Refused.class,
                OutcomeMapper.classify(Status.INVALID_ARGUMENT.withDescription("empty key").asRuntimeException()));
    }

    @Test
    void anUnknownReadBecomesAFailButAnUnknownWriteStaysInfo() {
        assertEquals(Op.Type.FAIL, Completion.unknown(true, "timeout").type());
        assertEquals(Op.Type.INFO, Completion.unknown(false, "timeout").type());
    }
}
