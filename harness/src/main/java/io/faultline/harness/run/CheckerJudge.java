package io.faultline.harness.run;

import io.faultline.checker.CheckOptions;
import io.faultline.checker.CheckResult;
import io.faultline.checker.Checker;
import io.faultline.checker.PartitionResult;
import io.faultline.checker.history.HistoryException;
import io.faultline.checker.history.Op;
import io.faultline.checker.model.Models;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The project's linearizability checker (module checker) as the harness's judge. */
public final class CheckerJudge implements HistoryJudge {
    private static final int MAX_REPORTED_VIOLATIONS = 5;

    @Override
    public Judgement judge(List<Op> history, String model, Duration timeout) {
        CheckResult r;
        try {
            r = Checker.check(history, Models.byName(model), CheckOptions.defaults().withTimeout(timeout));
        } catch (HistoryException e) {
            // The harness wrote a history the checker rejects: a harness bug, reported as unknown with the reason.
            return new Judgement(Judgement.Verdict.UNKNOWN, "the checker rejected the history: " + e.getMessage(),
                    Map.of("error", String.valueOf(e.getMessage())), null);
        }
        Judgement.Verdict v = switch (r.verdict()) {
            case LINEARIZABLE -> Judgement.Verdict.LINEARIZABLE;
            case NOT_LINEARIZABLE -> Judgement.Verdict.VIOLATION;
            case UNKNOWN -> Judgement.Verdict.UNKNOWN;
        };
        return new Judgement(v, r.summary().replaceFirst("^<memory>: ", ""), details(r), null);
    }

    static Map<String, Object> details(CheckResult r) {
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("model", r.model());
        d.put("operations", r.operationCount());
        d.put("partitions", r.partitions().size());
        d.put("elapsed-s", r.elapsed().toMillis() / 1e3);
        if (r.cause() != null) d.put("cause", r.cause());
        List<Map<String, Object>> violations = new ArrayList<>();
        for (PartitionResult p : r.violations()) {
            if (violations.size() == MAX_REPORTED_VIOLATIONS) break;
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("key", p.key());
            if (p.violation() != null) {
                m.put("explanation", p.violation().explanation());
                m.put("blocking", p.violation().blocking().description());
                m.put("blocking-invoke-index", p.violation().blocking().invokeIndex());
            }
            violations.add(m);
        }
        d.put("violations", violations);
        return d;
    }
}
