package io.faultline.harness.system.faultline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.faultline.checker.history.Op;
import io.faultline.harness.client.Completion;
import io.faultline.harness.generator.KvOp;
import io.faultline.harness.generator.OpKind;
import io.faultline.harness.system.SystemClient;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** A bound client (Jepsen's) talks to its node only: a refusal there is a fail, never a redirect. */
class BoundClientTest {
    private final Map<String, String> store = FakeKvServer.newStore();
    private FakeKvServer n1;
    private FakeKvServer n2;
    private FaultlineSession session;

    @BeforeEach
    void start() throws Exception {
        n1 = new FakeKvServer(store);
        n2 = new FakeKvServer(store);
        session = new FaultlineSession(Map.of(1, n1.address(), 2, n2.address()));
    }

    @AfterEach
    void stop() throws Exception {
        session.close();
        n1.close();
        n2.close();
    }

    @Test
    void notLeaderOnItsNodeIsAFailAndTheLeaderIsNeverAsked() {
        n1.mode = FakeKvServer.Mode.NOT_LEADER;
        n1.leaderHint = 2;
        try (SystemClient c = session.boundClient(FaultlineClientTest.ANSWERED, 1)) {
            Completion done = c.invoke(new KvOp("put", OpKind.WRITE, "k", "k", "a"));
            assertEquals(Op.Type.FAIL, done.type(), "a definite refusal: " + done.error());
            assertEquals(0, n2.calls.get(), "the hinted leader was not asked");
            assertTrue(!store.containsKey("k"));
            c.moveOn();
            n1.mode = FakeKvServer.Mode.SERVE;
            assertEquals(Op.Type.OK, c.invoke(new KvOp("put", OpKind.WRITE, "k", "k", "b")).type(),
                    "after moveOn it still asks its own node");
            assertEquals(0, n2.calls.get());
        }
    }

    @Test
    void aFollowingClientFromTheSameSessionDoesFollowTheHint() {
        n1.mode = FakeKvServer.Mode.NOT_LEADER;
        n1.leaderHint = 2;
        try (SystemClient c = session.client(FaultlineClientTest.ANSWERED, 1)) {
            assertEquals(Op.Type.OK, c.invoke(new KvOp("put", OpKind.WRITE, "k", "k", "a")).type());
            assertEquals(1, n2.calls.get());
        }
    }
}
