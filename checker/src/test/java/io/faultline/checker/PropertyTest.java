package io.faultline.checker;

import io.faultline.checker.verdict.Verdict;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.faultline.checker.bench.HistoryGenerator;
import io.faultline.checker.history.Op;
import io.faultline.checker.model.Model;
import io.faultline.checker.model.ModelOptions;
import io.faultline.checker.model.Models;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Histories generated from a sequential execution are linearizable; changing one read to a
 * value never written makes them not; the shrunk counterexample is itself not linearizable and
 * no single operation can be removed from it. Seeds are fixed and printed on failure.
 */
class PropertyTest {
    private static final CheckOptions OPTIONS = CheckOptions.defaults().withTimeout(Duration.ofSeconds(30));

    static List<Op> generate(String model, int processes, int operations, long seed) {
        return HistoryGenerator.generate(new HistoryGenerator.Spec(model, processes, 4, operations, 4, 50, seed));
    }

    @ParameterizedTest(name = "seed {0}")
    @ValueSource(longs = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12})
    void generatedHistoriesAreLinearizableAndOneBadReadIsCaught(long seed) {
        for (String name : List.of("kv", "cas-register", "register")) {
            Model model = Models.byName(name);
            List<Op> history = generate(name, 2 + (int) (seed % 5), 200, seed);
            String where = name + " seed " + seed;
            CheckResult ok = Checker.check(history, model, OPTIONS);
            assertEquals(Verdict.LINEARIZABLE, ok.verdict(), where + ": " + ok.summary());

            List<Op> bad = withOneReadNeverWritten(history, new SplittableRandom(seed));
            CheckResult notOk = Checker.check(bad, model, OPTIONS);
            assertEquals(Verdict.NOT_LINEARIZABLE, notOk.verdict(), where + ": " + notOk.summary());

            Violation v = notOk.violations().get(0).violation();
            List<Op> shrunk = subHistory(bad, v.shrunk());
            assertFalse(shrunk.isEmpty(), where);
            assertEquals(Verdict.NOT_LINEARIZABLE, Checker.check(shrunk, model, OPTIONS).verdict(), where);
            assertTrue(v.shrunkMinimal(), where);
            for (OpRef drop : v.shrunk()) {
                List<OpRef> fewer = new ArrayList<>(v.shrunk());
                fewer.remove(drop);
                assertEquals(Verdict.LINEARIZABLE, Checker.check(subHistory(bad, fewer), model, OPTIONS).verdict(),
                        where + ": removing " + drop + " from the shrunk counterexample");
            }
        }
    }

    /**
     * Porcupine's kv workload as the bench generates it (issue 30): writes of crashed clients
     * have no completion at all and their processes never invoke again, gets always complete,
     * puts use the given values and appends unique pieces; linearizable as generated, and one
     * get changed to a value never written is caught.
     */
    @ParameterizedTest(name = "seed {0}")
    @ValueSource(longs = {31, 32, 33})
    void porcupineKvWorkloadHasTheIssuesShape(long seed) {
        Model kv = Models.byName("kv", ModelOptions.defaults().withMissingKey(ModelOptions.MissingKey.EMPTY_STRING));
        for (HistoryGenerator.Mix mix : List.of(HistoryGenerator.Mix.MIXED, HistoryGenerator.Mix.PUTS,
                HistoryGenerator.Mix.APPENDS)) {
            List<Op> history = HistoryGenerator.generate(new HistoryGenerator.Spec("kv", 10, 3, 3_000, 10, 0, seed, 5, mix));
            String where = mix + " seed " + seed;
            java.util.Map<Long, Op> open = new java.util.HashMap<>();
            Set<Object> putValues = new HashSet<>();
            Set<Object> pieces = new HashSet<>();
            int appends = 0;
            for (Op op : history) {
                if (op.type() == Op.Type.INVOKE) {
                    // A process whose invocation got no answer never invokes again.
                    assertFalse(open.containsKey(op.process()), where + ": process " + op.process() + " came back");
                    open.put(op.process(), op);
                    if (op.f().equals("put")) {
                        putValues.add(op.value());
                    } else if (op.f().equals("append")) {
                        appends++;
                        pieces.add(op.value());
                    }
                } else {
                    assertEquals(Op.Type.OK, op.type(), where + ": only ok completions, crashed writers say nothing");
                    open.remove(op.process());
                }
            }
            assertTrue(open.values().stream().noneMatch(o -> o.f().equals("get")), where + ": a get without an answer");
            assertTrue(putValues.size() <= 5, where);
            assertEquals(appends, pieces.size(), where + ": unique pieces");
            assertFalse(open.isEmpty(), where + ": some writes left without an answer");
            CheckResult ok = Checker.check(history, kv, OPTIONS);
            assertEquals(Verdict.LINEARIZABLE, ok.verdict(), where + ": " + ok.summary());
            List<Op> bad = new ArrayList<>(history);
            for (int i = bad.size() - 1; i >= 0; i--) {
                Op o = bad.get(i);
                if (o.type() == Op.Type.OK && o.f().equals("get")) {
                    bad.set(i, new Op(o.index(), o.process(), o.type(), o.f(), o.key(), "never written", o.time(),
                            o.error(), o.extra()));
                    break;
                }
            }
            assertEquals(Verdict.NOT_LINEARIZABLE, Checker.check(bad, kv, OPTIONS).verdict(), where);
        }
    }

    @ParameterizedTest(name = "seed {0}")
    @ValueSource(longs = {21, 22, 23, 24})
    void historiesFullOfInfoOpsStayLinearizable(long seed) {
        // Pending info ops are where the search prunes hardest; none of it may lose an answer.
        for (String name : List.of("cas-register", "kv")) {
            List<Op> history = HistoryGenerator.generate(new HistoryGenerator.Spec(name, 6, 2, 250, 30, 0, seed));
            CheckResult r = Checker.check(history, Models.byName(name), OPTIONS);
            assertEquals(Verdict.LINEARIZABLE, r.verdict(), name + " seed " + seed + ": " + r.summary());
        }
    }

    /** Sets the value of one ok read to a value no operation writes. */
    static List<Op> withOneReadNeverWritten(List<Op> history, SplittableRandom random) {
        List<Integer> reads = new ArrayList<>();
        for (Op op : history) {
            if (op.type() == Op.Type.OK && (op.f().equals("read") || op.f().equals("get"))) {
                reads.add((int) op.index());
            }
        }
        int victim = reads.get(random.nextInt(reads.size()));
        Op old = history.get(victim);
        Object never = old.f().equals("get") ? "never-written" : (Object) 999_999L;
        List<Op> out = new ArrayList<>(history);
        out.set(victim, new Op(old.index(), old.process(), old.type(), old.f(), old.key(), never, old.time(),
                old.error(), old.extra()));
        return out;
    }

    /** The invocations and completions of {@code refs}, in history order. */
    static List<Op> subHistory(List<Op> history, List<OpRef> refs) {
        Set<Long> keep = new HashSet<>();
        for (OpRef r : refs) {
            keep.add(r.invokeIndex());
            if (r.completionIndex() >= 0) {
                keep.add(r.completionIndex());
            }
        }
        List<Op> out = new ArrayList<>();
        for (Op op : history) {
            if (keep.contains(op.index())) {
                out.add(op);
            }
        }
        return out;
    }
}
