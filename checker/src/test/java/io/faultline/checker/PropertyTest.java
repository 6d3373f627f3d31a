package io.faultline.checker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.faultline.checker.bench.HistoryGenerator;
import io.faultline.checker.history.Op;
import io.faultline.checker.model.Model;
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
