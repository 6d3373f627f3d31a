package io.faultline.harness.run;

import io.faultline.checker.verdict.Verdict;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.faultline.checker.history.Op;
import io.faultline.harness.client.Completion;
import io.faultline.harness.generator.KvOp;
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
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** Workers against a fake node on loopback, judged by the real checker: a sound node passes, a stale one is caught. */
class WorkerTest {
    private static final int WORKERS = 4;
    /** For ops that must be answered: they return at once, so this only bounds a broken test. */
    private static final Duration ANSWERED = Duration.ofSeconds(30);

    /** Ops each worker invokes at least; enough for every assertion below, as a count not a time. */
    private static final int OPS_PER_WORKER = 30;

    /**
     * Runs the workers until each has invoked {@link #OPS_PER_WORKER} ops and its last one
     * did not end unknown (so every info is followed by an op under the new process):
     * the history is the same size however slow the machine, never cut short by a clock.
     */
    private static List<Op> runWorkers(FakeKvServer server, Workload workload, Duration opTimeout) throws Exception {
        HistoryRecorder history = new HistoryRecorder(null, System.nanoTime());
        List<Thread> threads = new ArrayList<>();
        for (int w = 0; w < WORKERS; w++) {
            Counting client = new Counting(FaultlineSystem.client(Map.of(1, server.address()), opTimeout, 1));
            Worker worker = new Worker(new ClientSteps(w, WORKERS, workload.generator(5, w), history), client,
                    new Pacer(400, WORKERS, history.startNanos()), client::enough);
            Thread t = new Thread(worker);
            t.start();
            threads.add(t);
        }
        for (Thread t : threads) {
            // Only a guard against a hung test, far above what the ops need even at load ~50.
            t.join(Duration.ofMinutes(5).toMillis());
            assertFalse(t.isAlive(), "a worker did not finish its ops");
        }
        history.close();
        return history.ops();
    }

    /** Counts a worker's ops, for its stop condition. */
    private static final class Counting implements SystemClient {
        private final SystemClient inner;
        private final AtomicInteger invoked = new AtomicInteger();
        private volatile Op.Type last;

        Counting(SystemClient inner) {
            this.inner = inner;
        }

        boolean enough() {
            return invoked.get() >= OPS_PER_WORKER && last != Op.Type.INFO;
        }

        @Override
        public Completion invoke(KvOp op) {
            invoked.incrementAndGet();
            Completion c = inner.invoke(op);
            last = c.type();
            return c;
        }

        @Override
        public void moveOn() {
            inner.moveOn();
        }

        @Override
        public void close() {
            inner.close();
        }
    }

    @Test
    void unknownOutcomesMoveTheWorkerToANewProcessAndTheHistoryIsLinearizable() throws Exception {
        try (FakeKvServer server = new FakeKvServer(FakeKvServer.newStore())) {
            // Hung puts never get an answer, so they end at the deadline however slow the
            // machine; the deadline is short only to keep the test quick. An answered op
            // that misses it on a loaded machine ends info (a write) or fail (a read), which
            // every assertion below allows. With 4 x 30 ops there are well over 7 puts, so
            // some do hang.
            server.hangEveryNthPut = 7;
            List<Op> ops = runWorkers(server, Workload.kv(3), Duration.ofSeconds(1));
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
            assertEquals(Verdict.LINEARIZABLE, j.verdict(), j.summary());
            assertNotNull(j.report());
        }
    }

    @Test
    void aNodeWithStaleReadsIsCaught() throws Exception {
        try (FakeKvServer server = new FakeKvServer(FakeKvServer.newStore())) {
            server.staleReads = true;
            // Reads must be answered to show their stale values: a generous deadline, and
            // nothing here hangs, so each op returns as soon as it is answered.
            List<Op> ops = runWorkers(server, Workload.kv(2), ANSWERED);
            Judgement j = new CheckerJudge().judge(ops, "kv", Duration.ofSeconds(30));
            assertEquals(Verdict.NOT_LINEARIZABLE, j.verdict(), j.summary());
        }
    }

    @Test
    void theRegisterWorkloadIsJudgedByTheCasRegisterModel() throws Exception {
        try (FakeKvServer server = new FakeKvServer(FakeKvServer.newStore())) {
            List<Op> ops = runWorkers(server, Workload.register(), ANSWERED);
            assertTrue(ops.stream().allMatch(op -> op.key() == null));
            Judgement j = new CheckerJudge().judge(ops, Workload.register().model(), Duration.ofSeconds(30));
            assertEquals(Verdict.LINEARIZABLE, j.verdict(), j.summary());
        }
    }
}
