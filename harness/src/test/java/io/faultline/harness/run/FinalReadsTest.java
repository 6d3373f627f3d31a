package io.faultline.harness.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.faultline.harness.client.Completion;
import io.faultline.harness.generator.KvOp;
import io.faultline.harness.history.HistoryRecorder;
import io.faultline.harness.nemesis.RunClock;
import io.faultline.harness.system.SystemClient;
import io.faultline.harness.workload.Workload;
import java.time.Duration;
import java.util.List;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/**
 * The final reads judge recovery by progress, on a clock the test drives: a slow but
 * live cluster is read to the last key; a stalled one is given up on after the stall
 * budget. (A fixed 20 s for all keys called the healthy node's figure-8 run with 300
 * keys on a loaded machine "not recovered": 282 keys read at ~70 ms each, then time up.)
 */
class FinalReadsTest {
    private static final Duration STALL = Duration.ofSeconds(20);
    private static final long MS = 1_000_000L;

    /** A client whose every read takes {@code millis} on the fake clock and answers as {@code answer} says. */
    private static final class SlowClient implements SystemClient {
        final long[] now;
        final long millis;
        final Function<KvOp, Completion> answer;
        int reads;

        SlowClient(long[] now, long millis, Function<KvOp, Completion> answer) {
            this.now = now;
            this.millis = millis;
            this.answer = answer;
        }

        @Override
        public Completion invoke(KvOp op) {
            reads++;
            now[0] += millis * MS;
            return answer.apply(op);
        }

        @Override
        public void moveOn() {}

        @Override
        public void close() {}
    }

    @Test
    void aSlowButLiveClusterIsReadToTheLastKey() {
        long[] now = {0};
        SlowClient client = new SlowClient(now, 70, op -> Completion.ok(null));
        List<String> unread = read(Workload.kv(300), client, now);
        assertEquals(List.of(), unread, "300 keys at 70 ms a read take 21 s, and every read succeeded");
        assertEquals(300, client.reads);
    }

    @Test
    void aStalledClusterIsGivenUpOnAfterTheStallBudget() {
        long[] now = {0};
        SlowClient client = new SlowClient(now, 500, op -> Completion.fail("not leader"));
        List<String> unread = read(Workload.kv(300), client, now);
        assertEquals(300, unread.size());
        assertTrue(now[0] <= STALL.toNanos() + (500 + FinalReads.RETRY_PAUSE_MILLIS) * MS, "gave up after the budget: " + now[0] / MS + " ms");
    }

    @Test
    void aStallAfterSomeKeysIsGivenUpOnToo() {
        long[] now = {0};
        SlowClient client = new SlowClient(now, 100, op -> op.key().compareTo("k5") < 0 && op.key().length() == 2
                ? Completion.ok(null) : Completion.fail("timeout"));
        List<String> unread = read(Workload.kv(20), client, now);
        assertEquals(15, unread.size(), unread.toString());
        assertTrue(now[0] <= 5 * 100 * MS + STALL.toNanos() + (100 + FinalReads.RETRY_PAUSE_MILLIS) * MS, now[0] / MS + " ms");
    }

    private static List<String> read(Workload workload, SlowClient client, long[] now) {
        HistoryRecorder history = new HistoryRecorder(null, 0, () -> now[0]);
        RunClock clock = new RunClock() {
            public long nanoTime() {
                return now[0];
            }

            public void await(Object monitor, long until) {
                now[0] = Math.max(now[0], until);
            }
        };
        return FinalReads.readAll(workload, client, history, 100, STALL, clock);
    }
}
