package io.faultline.checker;

import io.faultline.checker.verdict.Verdict;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.faultline.checker.bench.HistoryGenerator;
import io.faultline.checker.history.History;
import io.faultline.checker.history.HistoryException;
import io.faultline.checker.history.Op;
import io.faultline.checker.model.Model;
import io.faultline.checker.model.ModelOptions;
import io.faultline.checker.model.Models;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Small histories whose answer is clear by hand. */
class CheckerTest {
    static final Model REGISTER = Models.byName("cas-register");

    /** A tiny history DSL: process, type, f, value; time = position. */
    static final class H {
        final List<Op> ops = new ArrayList<>();

        H op(long p, Op.Type t, String f, Object v) {
            ops.add(Op.of(ops.size(), p, t, f, null, v));
            return this;
        }

        H kv(long p, Op.Type t, String f, String k, Object v) {
            ops.add(Op.of(ops.size(), p, t, f, k, v));
            return this;
        }

        H nemesis(String f) {
            ops.add(new Op(ops.size(), Op.NEMESIS, Op.Type.INFO, f, null, null, null, null, Map.of()));
            return this;
        }
    }

    static CheckResult check(List<Op> ops, Model model) {
        return Checker.check(ops, model, CheckOptions.defaults().withTimeout(Duration.ofSeconds(20)));
    }

    @Test
    void concurrentWriteMayBeSeenByAnOverlappingRead() {
        List<Op> h = new H()
                .op(0, Op.Type.INVOKE, "write", 1L)
                .op(1, Op.Type.INVOKE, "read", null)
                .op(1, Op.Type.OK, "read", 1L)
                .op(0, Op.Type.OK, "write", 1L).ops;
        assertEquals(Verdict.LINEARIZABLE, check(h, REGISTER).verdict());
    }

    @Test
    void aStaleReadAfterACompletedWriteIsAViolation() {
        List<Op> h = new H()
                .op(0, Op.Type.INVOKE, "write", 1L)
                .op(0, Op.Type.OK, "write", 1L)
                .op(0, Op.Type.INVOKE, "write", 2L)
                .op(0, Op.Type.OK, "write", 2L)
                .op(1, Op.Type.INVOKE, "read", null)
                .op(1, Op.Type.OK, "read", 1L).ops;
        CheckResult r = check(h, REGISTER);
        assertEquals(Verdict.NOT_LINEARIZABLE, r.verdict());
        Violation v = r.violations().get(0).violation();
        assertEquals(2, v.longestPrefix().size());
        assertEquals("2", v.stateAfterPrefix());
        assertEquals(4, v.blocking().invokeIndex());
        assertTrue(v.explanation().contains("read → 1 by process 1"), v.explanation());
        assertEquals(List.of(0L, 2L, 4L), v.shrunk().stream().map(OpRef::invokeIndex).toList(),
                "the write of 1 explains the read; the write of 2 makes it stale");
        assertTrue(v.shrunkMinimal());
    }

    @Test
    void aFailedOpNeverHappened() {
        List<Op> h = new H()
                .op(0, Op.Type.INVOKE, "write", 1L)
                .op(0, Op.Type.FAIL, "write", 1L)
                .op(1, Op.Type.INVOKE, "read", null)
                .op(1, Op.Type.OK, "read", 1L).ops;
        assertEquals(Verdict.NOT_LINEARIZABLE, check(h, REGISTER).verdict());
    }

    @Test
    void anInfoWriteMayTakeEffectLongAfterItsInvocation() {
        List<Op> h = new H()
                .op(0, Op.Type.INVOKE, "write", 1L)
                .op(0, Op.Type.INFO, "write", 1L)
                .op(1, Op.Type.INVOKE, "read", null)
                .op(1, Op.Type.OK, "read", null)
                .op(1, Op.Type.INVOKE, "read", null)
                .op(1, Op.Type.OK, "read", 1L).ops;
        assertEquals(Verdict.LINEARIZABLE, check(h, REGISTER).verdict());
    }

    @Test
    void anInfoWriteMayNeverTakeEffectButCannotBeUndone() {
        List<Op> never = new H()
                .op(0, Op.Type.INVOKE, "write", 1L)
                .op(0, Op.Type.INFO, "write", 1L)
                .op(1, Op.Type.INVOKE, "read", null)
                .op(1, Op.Type.OK, "read", null).ops;
        assertEquals(Verdict.LINEARIZABLE, check(never, REGISTER).verdict());
        List<Op> flipFlop = new H()
                .op(0, Op.Type.INVOKE, "write", 1L)
                .op(0, Op.Type.INFO, "write", 1L)
                .op(1, Op.Type.INVOKE, "read", null)
                .op(1, Op.Type.OK, "read", 1L)
                .op(1, Op.Type.INVOKE, "read", null)
                .op(1, Op.Type.OK, "read", null).ops;
        assertEquals(Verdict.NOT_LINEARIZABLE, check(flipFlop, REGISTER).verdict());
    }

    @Test
    void anInvocationWithoutCompletionIsIndeterminate() {
        List<Op> h = new H()
                .op(0, Op.Type.INVOKE, "write", 1L)
                .op(1, Op.Type.INVOKE, "read", null)
                .op(1, Op.Type.OK, "read", 1L).ops;
        assertEquals(Verdict.LINEARIZABLE, check(h, REGISTER).verdict());
    }

    @Test
    void opsWithTimesAreOrderedByTimeNotLine() {
        // Written out of order: the read completes (t=5) before the write is invoked (t=10).
        List<Op> h = List.of(
                new Op(0, 0, Op.Type.INVOKE, "write", null, 1L, 10L, null, Map.of()),
                new Op(1, 0, Op.Type.OK, "write", null, 1L, 20L, null, Map.of()),
                new Op(2, 1, Op.Type.INVOKE, "read", null, null, 1L, null, Map.of()),
                new Op(3, 1, Op.Type.OK, "read", null, 1L, 5L, null, Map.of()));
        assertEquals(Verdict.NOT_LINEARIZABLE, check(h, REGISTER).verdict());
        List<Op> touching = List.of(
                new Op(0, 0, Op.Type.INVOKE, "write", null, 1L, 5L, null, Map.of()),
                new Op(1, 0, Op.Type.OK, "write", null, 1L, 20L, null, Map.of()),
                new Op(2, 1, Op.Type.INVOKE, "read", null, null, 1L, null, Map.of()),
                new Op(3, 1, Op.Type.OK, "read", null, 1L, 5L, null, Map.of()));
        assertEquals(Verdict.LINEARIZABLE, check(touching, REGISTER).verdict(), "equal times count as concurrent");
    }

    @Test
    void kvKeysArePartitionsAndNemesisOpsAreIgnored() {
        Model kv = Models.byName("kv");
        List<Op> h = new H()
                .kv(0, Op.Type.INVOKE, "put", "a", "1")
                .kv(0, Op.Type.OK, "put", "a", "1")
                .nemesis("start-partition")
                .kv(1, Op.Type.INVOKE, "get", "b", null)
                .kv(1, Op.Type.OK, "get", "b", null)
                .nemesis("stop-partition")
                .kv(1, Op.Type.INVOKE, "get", "a", null)
                .kv(1, Op.Type.OK, "get", "a", "2").ops;
        CheckResult r = check(h, kv);
        assertEquals(Verdict.NOT_LINEARIZABLE, r.verdict());
        assertEquals(2, r.partitions().size());
        assertEquals("a", r.partitions().get(0).key());
        assertEquals(Verdict.NOT_LINEARIZABLE, r.partitions().get(0).verdict());
    }

    @Test
    void anUnknownFunctionIsAnInputErrorWithItsLine() {
        List<Op> h = new H().op(0, Op.Type.INVOKE, "increment", 1L).op(0, Op.Type.OK, "increment", 1L).ops;
        HistoryException e = assertThrows(HistoryException.class, () -> check(h, REGISTER));
        assertEquals(1, e.line());
        assertTrue(e.reason().contains("increment"));
    }

    @Test
    void theTimeBudgetGivesUnknownWithItsCause() {
        History big = History.of(PropertyTest.generate("cas-register", 8, 60_000, 7));
        CheckResult r = Checker.check(big, REGISTER, CheckOptions.defaults().withTimeout(Duration.ofMillis(1)));
        assertEquals(Verdict.UNKNOWN, r.verdict());
        assertNotNull(r.cause());
        assertTrue(r.cause().contains("time budget of 1 ms"), r.cause());
    }

    @Test
    void theMemoryGuardGivesUnknownNotAnOutOfMemoryError() {
        History big = History.of(PropertyTest.generate("cas-register", 8, 60_000, 7));
        CheckResult r = Checker.check(big, REGISTER, CheckOptions.defaults().withMemoryLimitBytes(1 << 16));
        assertEquals(Verdict.UNKNOWN, r.verdict());
        assertTrue(r.cause().contains("memory guard"), r.cause());
    }

    /**
     * An unknown answer names the key and says what made it hard in words one can act on: the
     * writes left without an answer, the reads they overlap, how many operations ran at once,
     * and what to change.
     */
    @Test
    void anUnknownKeySaysWhyAndWhatToTry() {
        History h = History.of(HistoryGenerator.generate(new HistoryGenerator.Spec("kv", 10, 3, 3_000, 4, 0, 5, 5,
                HistoryGenerator.Mix.MIXED)));
        Model kv = Models.byName("kv", ModelOptions.defaults().withMissingKey(ModelOptions.MissingKey.EMPTY_STRING));
        CheckResult memory = Checker.check(h, kv, CheckOptions.defaults().withMemoryLimitBytes(1 << 16));
        assertEquals(Verdict.UNKNOWN, memory.verdict());
        assertTrue(memory.cause().matches("key \"k\\d\": memory guard: .* \\d+ writes? without an answer \\(each may"
                + " or may not have taken effect\\) overlap \\d+ reads, and up to \\d+ of its operations ran at once;"
                + " try a larger heap \\(FAULTLINE_JAVA_OPTS=-Xmx8g\\), fewer clients per key, or fewer requests left"
                + " without an answer"), memory.cause());
        CheckResult time = Checker.check(h, kv, CheckOptions.defaults().withTimeout(Duration.ofNanos(1)));
        assertEquals(Verdict.UNKNOWN, time.verdict());
        assertTrue(time.cause().matches("key \"k\\d\": time budget of \\d+ ms ran out after exploring \\d+ configurations"
                + " .* try a longer --timeout, .*"), time.cause());
    }

    /** In a 32 MiB heap a search that needs hundreds of MiB stops with unknown, not an OutOfMemoryError. */
    @Test
    void aSmallHeapGivesUnknownNotAnOutOfMemoryError() throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process p = new ProcessBuilder(java, "-Xmx32m", "-cp", System.getProperty("java.class.path"),
                SmallHeapCheck.class.getName()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, p.waitFor(), out);
        assertTrue(out.matches("(?s)UNKNOWN: key \"k\\d+\": memory guard: .*"), out);
    }
}
