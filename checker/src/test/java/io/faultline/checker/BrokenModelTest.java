package io.faultline.checker;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.faultline.checker.bench.VerdictIndex;
import io.faultline.checker.history.HistoryReader;
import io.faultline.checker.model.Call;
import io.faultline.checker.model.Model;
import io.faultline.checker.model.Models;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The reference verdicts catch a wrong model: the checks above could fail. Each broken model
 * must disagree with at least one known verdict.
 */
class BrokenModelTest {

    /** Wraps the real cas-register, breaking one rule. */
    private static final class Broken extends ForwardingModel {
        private final boolean readsAlwaysSucceed;

        Broken(Model real, boolean readsAlwaysSucceed) {
            super(real);
            this.readsAlwaysSucceed = readsAlwaysSucceed;
        }

        @Override
        public String name() {
            return "broken-" + real.name();
        }

        @Override
        public Object step(Object state, Call call) {
            if (readsAlwaysSucceed && real.isReadOnly(call)) {
                return state;
            }
            if (!readsAlwaysSucceed && call.f().equals("write")) {
                return state; // a lost write
            }
            return real.step(state, call);
        }
    }

    @Test
    void aModelWhoseReadsAlwaysSucceedIsCaught() throws IOException {
        assertTrue(disagreements(new Broken(Models.byName("cas-register"), true)) > 0);
    }

    @Test
    void aModelThatLosesWritesIsCaught() throws IOException {
        assertTrue(disagreements(new Broken(Models.byName("cas-register"), false)) > 0);
    }

    private static int disagreements(Model broken) throws IOException {
        List<VerdictIndex.Entry> etcd = VerdictIndex.read(ReferenceHistoriesTest.referenceDir()).stream()
                .filter(e -> e.model().equals("cas-register")).toList();
        int wrong = 0;
        for (VerdictIndex.Entry e : etcd) {
            CheckResult r = Checker.check(HistoryReader.readAny(e.file()), broken,
                    CheckOptions.defaults().withTimeout(Duration.ofSeconds(5)).withShrink(false));
            if (r.verdict() != e.expected()) {
                wrong++;
            }
        }
        return wrong;
    }
}
