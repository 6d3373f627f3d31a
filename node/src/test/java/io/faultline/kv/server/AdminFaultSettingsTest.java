package io.faultline.kv.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.faultline.kv.api.ClockRateRequest;
import io.faultline.kv.api.ClockRateResponse;
import io.faultline.kv.api.LinkDuplicationRequest;
import io.faultline.kv.api.LinkDuplicationResponse;
import io.faultline.kv.log.NodeLog;
import io.faultline.kv.loop.ScaledClock;
import io.faultline.kv.transport.PeerTransport;
import io.grpc.Status;
import io.grpc.stub.StreamObserver;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Admin.SetClockRate and Admin.SetLinkDuplication: what they set, answer and log, and what they refuse. */
class AdminFaultSettingsTest {
    /** What one call answered. */
    static final class Answer<T> implements StreamObserver<T> {
        final List<T> values = new ArrayList<>();
        Throwable error;

        public void onNext(T v) {
            values.add(v);
        }

        public void onError(Throwable t) {
            error = t;
        }

        public void onCompleted() {}
    }

    private final long[] now = {0};
    private final ScaledClock clock = new ScaledClock(() -> now[0]);
    private final ByteArrayOutputStream logged = new ByteArrayOutputStream();
    private final NodeLog log = new NodeLog(1, new PrintStream(logged, true, StandardCharsets.UTF_8));
    private final PeerTransport transport = new PeerTransport(1, 42, new io.faultline.kv.loop.Inbox() {
        public void deliver(io.faultline.raft.pb.Message m) {}

        public void unreachable(long peer) {}

        public void snapshotSent(long peer, boolean ok) {}
    }, log);
    private final AdminService admin = new AdminService(null, new RequestValidator(100, 100), clock, transport, log);

    @Test
    void theClockRateIsSetAnsweredWithTheOldOneAndLogged() {
        Answer<ClockRateResponse> a = new Answer<>();
        admin.setClockRate(ClockRateRequest.newBuilder().setRate(2.5).build(), a);
        assertEquals(1.0, a.values.get(0).getPreviousRate());
        assertEquals(2.5, clock.rate());
        now[0] += 1_000;
        assertEquals(2_500, clock.nanos(), "the node's clock runs at the rate");
        assertTrue(logged.toString(StandardCharsets.UTF_8).contains("clock rate 2.5x (was 1.0x): ticks and deadlines run fast"));
    }

    @Test
    void aRateOfZeroOrBeyondAHundredIsRefusedAndChangesNothing() {
        for (double bad : new double[] {0, -1, 101}) {
            Answer<ClockRateResponse> a = new Answer<>();
            admin.setClockRate(ClockRateRequest.newBuilder().setRate(bad).build(), a);
            assertEquals(Status.Code.INVALID_ARGUMENT, Status.fromThrowable(a.error).getCode(), "rate " + bad);
            assertEquals(1.0, clock.rate());
        }
    }

    @Test
    void duplicationIsSetAndItsEndAnswersWhatItDidAndABadProbabilityIsRefused() {
        Answer<LinkDuplicationResponse> on = new Answer<>();
        admin.setLinkDuplication(LinkDuplicationRequest.newBuilder().setProbability(0.25).setSeed(3).build(), on);
        assertEquals(LinkDuplicationResponse.getDefaultInstance(), on.values.get(0), "it was off");
        Answer<LinkDuplicationResponse> bad = new Answer<>();
        admin.setLinkDuplication(LinkDuplicationRequest.newBuilder().setProbability(1.5).build(), bad);
        assertEquals(Status.Code.INVALID_ARGUMENT, Status.fromThrowable(bad.error).getCode());
        Answer<LinkDuplicationResponse> off = new Answer<>();
        admin.setLinkDuplication(LinkDuplicationRequest.getDefaultInstance(), off);
        assertEquals(0.25, off.values.get(0).getPreviousProbability(), "the refused value changed nothing");
        String text = logged.toString(StandardCharsets.UTF_8);
        assertTrue(text.contains("link duplication on: each received frame delivered twice with probability 0.25, seed 3"), text);
        assertTrue(text.contains("link duplication off (the previous setting, 0.25, duplicated 0 of 0 frames)"), text);
        transport.close();
    }

    @Test
    void anUnknownCrashPointIsRefusedAsBefore() {
        Answer<io.faultline.kv.api.CrashPointResponse> a = new Answer<>();
        admin.armCrashPoint(io.faultline.kv.api.CrashPointRequest.newBuilder().setPoint("after-lunch").build(), a);
        assertEquals(Status.Code.INVALID_ARGUMENT, Status.fromThrowable(a.error).getCode());
        assertTrue(a.error.getMessage().contains("unknown crash point 'after-lunch'"), a.error.getMessage());
    }
}
