package io.faultline.harness.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.faultline.checker.history.Op;
import io.faultline.harness.generator.Pacer;
import io.faultline.harness.history.HistoryRecorder;
import io.faultline.harness.system.SystemClient;
import io.faultline.harness.system.faultline.FakeKvServer;
import io.faultline.harness.system.faultline.FaultlineSystem;
import io.faultline.harness.workload.Workload;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Workers against a fake node on loopback, judged by the real checker: a sound node passes, a stale one is caught. */
class WorkerTest {
    private static final int WORKERS = 4;

    private static List<Op> runWorkers(FakeKvServer server, Workload workload, long millis) throws Exception {
        HistoryRecorder history = new HistoryRecorder(null, System.nanoTime());
        long deadline = System.nanoTime() + millis * 1_000_000;
        List<Thread> threads = new ArrayList<>();
        for (int w = 0; w < WORKERS; w++) {
            SystemClient client = FaultlineSystem.client(Map.of(1, server.address()), Duration.ofMillis(150), 1);
            Worker worker = new Worker(w, WORKERS, workload.generator(5, w), client,
                    new Pacer(400, WORKERS, history.startNanos()), history, deadline, () -> false);
            Thread t = new Thread(worker);
            t.start();
            threads.add(t);
        }
        for (Thread t : threads) t.join(millis + 5000);
        history.close();
        return history.ops();
    }

    @Test
    void unknownOutcomesMoveTheWorkerToANewProcessAndTheHistoryIsLinearizable() throws Exception {
        try (FakeKvServer server = new FakeKvServer(FakeKvServer.newStore())) {
            server.hangEveryNthPut = 7;
            List<Op> ops = runWorkers(server, Workload.kv(3), 1200);
            long infos = ops.stream().filter(op -> op.type() == Op.Type.INFO).count();
            assertTrue(infos > 0, "hung puts are recorded as info");
            for (Op op : ops) {
                assertEquals(op.type() == Op.Type.INVOKE ? null : "n1", op.node(),
                        "every completion line names the node it went to: " + op);
            }
            assertTrue(ops.stream().anyMatch(op -> op.process() >= WORKERS), "a worker continued as a new process");
            // Each process invokes at most once after an info: it never reappears.
            for (Op info : ops.stream().filter(op -> op.type() == Op.Type.INFO).toList()) {
                assertTrue(ops.stream().noneMatch(op -> op.process() == info.process() && op.index() > info.index()),
                        "process " + info.process() + " went on after its info");
            }
            Judgement j = new CheckerJudge().judge(ops, "kv", Duration.ofSeconds(30));
            assertEquals(Judgement.Verdict.LINEARIZABLE, j.verdict(), j.summary());
            assertNotNull(j.report());
        }
    }

    @Test
    void aNodeWithStaleReadsIsCaught() throws Exception {
        try (FakeKvServer server = new FakeKvServer(FakeKvServer.newStore())) {
            server.staleReads = true;
            List<Op> ops = runWorkers(server, Workload.kv(2), 800);
            Judgement j = new CheckerJudge().judge(ops, "kv", Duration.ofSeconds(30));
            assertEquals(Judgement.Verdict.VIOLATION, j.verdict(), j.summary());
        }
    }

    @Test
    void theRegisterWorkloadIsJudgedByTheCasRegisterModel() throws Exception {
        try (FakeKvServer server = new FakeKvServer(FakeKvServer.newStore())) {
            List<Op> ops = runWorkers(server, Workload.register(), 600);
            assertTrue(ops.stream().allMatch(op -> op.key() == null));
            Judgement j = new CheckerJudge().judge(ops, Workload.register().model(), Duration.ofSeconds(30));
            assertEquals(Judgement.Verdict.LINEARIZABLE, j.verdict(), j.summary());
        }
    }
}
