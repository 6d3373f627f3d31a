package io.faultline.harness.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.faultline.checker.CheckOptions;
import io.faultline.checker.CheckResult;
import io.faultline.checker.Checker;
import io.faultline.checker.verdict.Verdict;
import io.faultline.checker.history.Op;
import io.faultline.checker.model.Models;
import org.junit.jupiter.api.Test;

class SyntheticRunTest {
    @Test
    void theBenchRunHasFaultsServingNodesAndExactlyOneStaleRead() {
        SyntheticRun run = SyntheticRun.generate(5_000, 60, 7);
        long invocations = run.ops().stream().filter(o -> !o.isNemesis() && o.type() == Op.Type.INVOKE).count();
        assertEquals(5_000, invocations);
        assertEquals(3, run.faults().size(), "a partition at 15, 30 and 45 s");
        assertTrue(run.ops().stream().filter(o -> !o.isNemesis() && o.type() != Op.Type.INVOKE).allMatch(o -> o.node() != null));
        assertTrue(run.ops().get(run.ops().size() - 1).time() <= 60_000_000_000L);
        for (int i = 0; i < run.ops().size(); i++) assertEquals(i, run.ops().get(i).index(), "numbered in time order");
        CheckResult r = Checker.check(run.ops(), Models.byName("kv"), CheckOptions.defaults().withCheckAll(true));
        assertEquals(Verdict.NOT_LINEARIZABLE, r.verdict());
        assertEquals(1, r.violations().size(), "one key, the stale read's");
        assertTrue(run.logs().get("n2").stream().anyMatch(l -> l.contains(" leader ")), "the leader moves");
    }
}
