package io.faultline.harness.generator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.faultline.harness.workload.Workload;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class OpGeneratorTest {
    private static List<KvOp> take(Workload w, long seed, int worker, int n) {
        OpGenerator g = w.generator(seed, worker);
        List<KvOp> out = new ArrayList<>();
        for (int i = 0; i < n; i++) out.add(g.next());
        return out;
    }

    @Test
    void theSameSeedGivesTheSameOperations() {
        Workload w = Workload.kv(10);
        assertEquals(take(w, 42, 3, 500), take(w, 42, 3, 500));
        assertNotEquals(take(w, 42, 3, 500), take(w, 43, 3, 500));
        assertNotEquals(take(w, 42, 3, 500), take(w, 42, 4, 500), "workers get different streams");
    }

    @Test
    void writtenValuesAreUniqueAcrossWorkers() {
        Workload w = Workload.kv(5);
        Set<Object> written = new HashSet<>();
        int writes = 0;
        for (int worker = 0; worker < 8; worker++) {
            for (KvOp op : take(w, 7, worker, 300)) {
                Object v = switch (op.kind()) {
                    case WRITE -> op.value();
                    case CAS -> ((List<?>) op.value()).get(1);
                    default -> null;
                };
                if (v != null) {
                    writes++;
                    assertTrue(written.add(v), "value written twice: " + v);
                }
            }
        }
        assertTrue(writes > 500);
    }

    @Test
    void theMixAndKeysAreRespected() {
        Workload w = Workload.of("kv", 4, KeyDistribution.UNIFORM, OpMix.parse("get=1,put=1"));
        Map<String, Integer> byF = new HashMap<>();
        Set<String> keys = new HashSet<>();
        for (KvOp op : take(w, 1, 0, 2000)) {
            byF.merge(op.f(), 1, Integer::sum);
            keys.add(op.key());
            assertEquals(op.key(), op.historyKey());
        }
        assertEquals(Set.of("get", "put"), byF.keySet());
        assertTrue(Math.abs(byF.get("get") - byF.get("put")) < 200, byF.toString());
        assertEquals(Set.of("k0", "k1", "k2", "k3"), keys);
    }

    @Test
    void zipfMakesTheFirstKeyHot() {
        Workload w = Workload.of("kv", 20, KeyDistribution.ZIPF, null);
        long hot = take(w, 5, 0, 3000).stream().filter(op -> op.key().equals("k0")).count();
        assertTrue(hot > 3000 / 10, "k0 picked " + hot + " times");
    }

    @Test
    void casExpectsARecentOwnValueOrAbsence() {
        Workload w = Workload.kv(1);
        Set<Object> mine = new HashSet<>();
        int successesPossible = 0;
        for (KvOp op : take(w, 9, 2, 1000)) {
            if (op.kind() == OpKind.WRITE) mine.add(op.value());
            if (op.kind() == OpKind.CAS) {
                List<?> pair = (List<?>) op.value();
                Object expected = pair.get(0);
                assertTrue(expected == null || mine.contains(expected), "cas expects " + expected);
                if (expected != null) successesPossible++;
                mine.add(pair.get(1));
            }
        }
        assertTrue(successesPossible > 0);
    }

    @Test
    void theRegisterHasOneKeyAndNoKeyInTheHistory() {
        for (KvOp op : take(Workload.register(), 3, 0, 200)) {
            assertNull(op.historyKey());
            assertEquals("register", op.key());
            assertTrue(Set.of("read", "write", "cas").contains(op.f()), op.f());
        }
        assertThrows(IllegalArgumentException.class,
                () -> Workload.of("register", 1, KeyDistribution.UNIFORM, OpMix.parse("read=1,delete=1")));
    }

    @Test
    void badMixesAreRejectedWithTheReason() {
        var e = assertThrows(IllegalArgumentException.class, () -> OpMix.parse("read=1,frob=2"));
        assertTrue(e.getMessage().contains("frob"));
        assertThrows(IllegalArgumentException.class, () -> OpMix.parse("read=0"));
        assertThrows(IllegalArgumentException.class, () -> Workload.of("queue", 1, KeyDistribution.UNIFORM, null));
    }

    @Test
    void thePacerSpreadsTheRateOverWorkersWithoutBursting() {
        Pacer p = new Pacer(100, 10, 0); // 10 per second per worker: every 100 ms
        assertEquals(0, p.delayBeforeNext(0));
        assertEquals(100_000_000L, p.delayBeforeNext(0));
        // Far behind: no burst of catch-up operations.
        assertEquals(0, p.delayBeforeNext(5_000_000_000L));
        assertEquals(100_000_000L, p.delayBeforeNext(5_000_000_000L));
        assertEquals(0, new Pacer(0, 10, 0).delayBeforeNext(0));
    }

    @Test
    void aReadAfterWriteShareFollowsThatShareOfWritesAtOnceWithAReadOfTheSameKey() {
        Workload w = Workload.kv(50).withReadAfterWrite(100);
        List<KvOp> ops = take(w, 9, 2, 400);
        int writes = 0;
        for (int i = 0; i + 1 < ops.size(); i++) {
            if (ops.get(i).kind() == OpKind.WRITE || ops.get(i).kind() == OpKind.CAS) {
                writes++;
                assertEquals(OpKind.READ, ops.get(i + 1).kind(), "op " + i);
                assertEquals(ops.get(i).key(), ops.get(i + 1).key(), "op " + i);
            }
        }
        assertTrue(writes > 50, "writes: " + writes);
        assertEquals(take(w, 9, 2, 400), ops, "still a function of (seed, worker)");
        List<KvOp> none = take(Workload.kv(50), 9, 2, 400);
        long checked = 0;
        for (int i = 0; i + 1 < none.size(); i++) {
            if (none.get(i).kind() == OpKind.WRITE && none.get(i + 1).kind() == OpKind.READ
                    && none.get(i).key().equals(none.get(i + 1).key())) checked++;
        }
        assertTrue(checked < 10, "without the option a read of the same key follows rarely: " + checked);
    }

    @Test
    void afterAnOpWithoutAnAnswerAWorkerFirstReadsItsLastAcknowledgedWritesAgain() {
        OpGenerator g = Workload.kv(50).withRecheckWrites(2).generator(4, 1);
        // Rechecks draw nothing from the seed: the other ops are those of a generator without them.
        OpGenerator plain = Workload.kv(50).generator(4, 1);
        List<String> acked = new ArrayList<>();
        while (acked.size() < 3) {
            KvOp op = g.next();
            assertEquals(plain.next(), op);
            g.observe(op, true, true, 0);
            if (!op.readOnly()) {
                acked.remove(op.key());
                acked.add(0, op.key());
            }
        }
        KvOp trouble = g.next();
        assertEquals(plain.next(), trouble);
        g.observe(trouble, false, false, 0); // e.g. a timeout while the cluster is down
        // The two newest acknowledged keys, newest first; a read without an answer is tried again.
        for (int attempt = 1; attempt <= 50; attempt++) {
            KvOp first = g.next();
            assertEquals(new KvOp("get", OpKind.READ, acked.get(0), acked.get(0), null), first, "try " + attempt);
            g.observe(first, attempt == 50, attempt == 50, attempt * 100_000_000L); // answered after 5 s
        }
        KvOp second = g.next();
        assertEquals(new KvOp("get", OpKind.READ, acked.get(1), acked.get(1), null), second);
        g.observe(second, true, true, 6_000_000_000L);
        // Done: ordinary ops again, and a new trouble before a new acknowledged write rechecks nothing.
        KvOp after = g.next();
        assertEquals(plain.next(), after);
        g.observe(after, false, false, 7_000_000_000L);
        assertEquals(plain.next(), g.next());
    }

    @Test
    void aWorkerGivesUpItsRechecksWhenNoAnswerComesForAMinute() {
        OpGenerator g = Workload.kv(50).withRecheckWrites(3).generator(4, 1);
        OpGenerator plain = Workload.kv(50).generator(4, 1);
        KvOp write;
        do {
            write = g.next();
            assertEquals(plain.next(), write);
            g.observe(write, true, true, 0);
        } while (write.readOnly());
        KvOp trouble = g.next();
        assertEquals(plain.next(), trouble);
        g.observe(trouble, false, false, 1);
        KvOp recheck = g.next();
        assertEquals(write.key(), recheck.key());
        g.observe(recheck, false, false, OpGenerator.RECHECK_WINDOW_NANOS);
        KvOp again = g.next();
        assertEquals(write.key(), again.key(), "still within the window");
        g.observe(again, false, false, OpGenerator.RECHECK_WINDOW_NANOS + 2);
        assertEquals(plain.next(), g.next(), "given up: ordinary ops again");
    }

    @Test
    void withoutRechecksOutcomesChangeNothing() {
        OpGenerator a = Workload.kv(50).generator(7, 3);
        List<KvOp> heard = new java.util.ArrayList<>();
        for (int i = 0; i < 200; i++) {
            KvOp op = a.next();
            heard.add(op);
            a.observe(op, false, false, i);
        }
        assertEquals(take(Workload.kv(50), 7, 3, 200), heard);
        assertThrows(IllegalArgumentException.class, () -> Workload.kv(5).withRecheckWrites(-1));
    }
}
