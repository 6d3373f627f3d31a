package io.faultline.harness.system.faultline;

import io.faultline.harness.system.FailoverClient;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.faultline.checker.history.Op;
import io.faultline.harness.client.Completion;
import io.faultline.harness.generator.KvOp;
import io.faultline.harness.generator.OpKind;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.Arrays;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class FaultlineClientTest {
    private final Map<String, String> store = FakeKvServer.newStore();
    private FakeKvServer n1;
    private FakeKvServer n2;

    @BeforeEach
    void start() throws Exception {
        n1 = new FakeKvServer(store);
        n2 = new FakeKvServer(store);
    }

    @AfterEach
    void stop() throws Exception {
        n1.close();
        n2.close();
    }

    /**
     * For calls that must get an answer: an answer returns at once, so the deadline only
     * bounds a broken test. It is far above anything a loaded machine (load ~50 on 2 cores)
     * needs for channel set-up plus the call, so no test's outcome depends on speed.
     */
    static final Duration ANSWERED = Duration.ofSeconds(30);

    private FailoverClient client(int first) {
        return client(first, ANSWERED);
    }

    private FailoverClient client(int first, Duration opTimeout) {
        return FaultlineSystem.client(Map.of(1, n1.address(), 2, n2.address()), opTimeout, first);
    }

    private static KvOp put(String k, String v) {
        return new KvOp("put", OpKind.WRITE, k, k, v);
    }

    private static KvOp get(String k) {
        return new KvOp("get", OpKind.READ, k, k, null);
    }

    private static KvOp cas(String k, String expected, String v) {
        return new KvOp("cas", OpKind.CAS, k, k, Arrays.asList(expected, v));
    }

    @Test
    void followsTheLeaderHintAndSucceeds() {
        n1.mode = FakeKvServer.Mode.NOT_LEADER;
        n1.leaderHint = 2;
        try (FailoverClient c = client(1)) {
            Completion done = c.invoke(put("k", "a"));
            assertEquals(Op.Type.OK, done.type());
            assertEquals(2, c.currentNode(), "the client stays with the leader it found");
            assertEquals(2, done.node(), "the completion names the node that answered, not the one first asked");
            assertEquals(Map.of("node", "n2"), done.whereFields());
            assertEquals("a", store.get("k"));
            assertEquals(Op.Type.OK, c.invoke(get("k")).type());
            assertEquals("a", c.invoke(get("k")).value());
        }
    }

    @Test
    void theTermAndLeaderTheNodeReportedGoIntoTheCompletion() {
        n1.served = io.faultline.kv.api.Served.newBuilder().setTerm(7).setLeaderId(2).build();
        try (FailoverClient c = client(1)) {
            assertEquals(Map.of("node", "n1", "term", 7L, "leader", "n2"), c.invoke(put("k", "a")).whereFields());
            assertEquals(Map.of("node", "n1", "term", 7L, "leader", "n2"), c.invoke(get("k")).whereFields());
            assertEquals(Map.of("node", "n1", "term", 7L, "leader", "n2"), c.invoke(cas("k", "x", "y")).whereFields(),
                    "a cas mismatch is an answer too");
            n1.served = io.faultline.kv.api.Served.newBuilder().setTerm(8).build();
            assertEquals(Map.of("node", "n1", "term", 8L), c.invoke(get("k")).whereFields(), "leader 0: unknown");
        }
    }

    @Test
    void aMissingKeyReadsAsNullAndCasMismatchIsAFail() {
        try (FailoverClient c = client(1)) {
            Completion read = c.invoke(get("nope"));
            assertEquals(Op.Type.OK, read.type());
            assertNull(read.value());
            assertEquals(Op.Type.FAIL, c.invoke(cas("nope", "x", "y")).type());
            assertEquals(Op.Type.OK, c.invoke(cas("nope", null, "y")).type(), "expected null means absent");
            assertEquals("y", store.get("nope"));
        }
    }

    @Test
    void onlyNotLeaderEverywhereIsADefiniteFail() {
        n1.mode = FakeKvServer.Mode.NOT_LEADER;
        n2.mode = FakeKvServer.Mode.NOT_LEADER;
        try (FailoverClient c = client(1)) {
            Completion done = c.invoke(put("k", "a"));
            assertEquals(Op.Type.FAIL, done.type());
            assertTrue(done.error().contains("not leader"), done.error());
            assertNull(store.get("k"));
        }
    }

    @Test
    void aTimeoutIsInfoForWritesAndFailForReads() {
        // n1 never answers, so the deadline expires however slow the machine is; it is
        // short only to keep the test quick.
        n1.mode = FakeKvServer.Mode.HANG;
        try (FailoverClient c = client(1, Duration.ofMillis(400))) {
            Completion write = c.invoke(put("k", "a"));
            assertEquals(Op.Type.INFO, write.type());
            assertTrue(write.error().startsWith("deadline_exceeded"), write.error());
            assertEquals(Op.Type.FAIL, c.invoke(get("k")).type(), "a read has no effect, so it may fail");
        }
    }

    @Test
    void afterAnUnknownOutcomeHintsToThatNodeAreNotFollowedForAMoment() throws Exception {
        try (FakeKvServer n3 = new FakeKvServer(store)) {
            // The old leader gives only unknown outcomes. It answers with an ambiguous error
            // at once rather than hanging into a deadline: hints are distrusted for one op
            // timeout after the unknown outcome, so that timeout must be long (30 s) for
            // the second op to be sure to fall inside it on a loaded machine, and a hang
            // would then cost 30 s. Were the hint followed anyway, n1 would answer the
            // second put with the same error and it would end INFO, not OK.
            n1.mode = FakeKvServer.Mode.UNAVAILABLE;
            n2.mode = FakeKvServer.Mode.NOT_LEADER;
            n2.leaderHint = 1; // still names the old leader
            try (FailoverClient c = FaultlineSystem.client(Map.of(1, n1.address(), 2, n2.address(), 3, n3.address()),
                    ANSWERED, 1)) {
                assertEquals(Op.Type.INFO, c.invoke(put("k", "a")).type());
                assertEquals(1, n1.calls.get());
                c.moveOn();
                Completion next = c.invoke(put("k", "b"));
                assertEquals(Op.Type.OK, next.type(), "went on to n3 instead of back to n1: " + next.error());
                assertEquals("b", store.get("k"));
                assertEquals(1, n1.calls.get(), "the suspect old leader was not asked again");
            }
        }
    }

    @Test
    void anAmbiguousUnavailableIsInfo() {
        n1.mode = FakeKvServer.Mode.UNAVAILABLE;
        try (FailoverClient c = client(1)) {
            assertEquals(Op.Type.INFO, c.invoke(put("k", "a")).type());
            assertEquals(1, n1.calls.get(), "an unknown outcome is never retried elsewhere");
            assertEquals(0, n2.calls.get());
        }
    }

    @Test
    void aRefusedConnectionIsRetriedOnTheNextNode() throws Exception {
        int dead;
        try (ServerSocket s = new ServerSocket(0)) {
            dead = s.getLocalPort();
        }
        try (FailoverClient c = FaultlineSystem.client(Map.of(1, "127.0.0.1:" + dead, 2, n2.address()), ANSWERED, 1)) {
            Completion done = c.invoke(put("k", "b"));
            assertEquals(Op.Type.OK, done.type(), String.valueOf(done.error()));
            assertEquals("b", store.get("k"));
        }
    }
}
