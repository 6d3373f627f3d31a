package io.faultline.harness.run;

import io.faultline.checker.verdict.Verdict;
import io.faultline.checker.CheckOptions;
import io.faultline.checker.CheckResult;
import io.faultline.checker.Checker;
import io.faultline.checker.history.History;
import io.faultline.checker.history.HistoryException;
import io.faultline.checker.history.Op;
import io.faultline.checker.model.Models;
import io.faultline.checker.report.HtmlReport;
import io.faultline.checker.report.ResultJson;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The project's linearizability checker (module checker) as the harness's judge. */
public final class CheckerJudge implements HistoryJudge {
    @Override
    public Judgement judge(List<Op> history, String model, Duration timeout) {
        CheckResult r;
        try {
            r = Checker.check(history, Models.byName(model), CheckOptions.defaults().withTimeout(timeout));
        } catch (HistoryException e) {
            // The harness wrote a history the checker rejects: a harness bug, reported as unknown with the reason.
            return new Judgement(Verdict.UNKNOWN, "the checker rejected the history: " + e.getMessage(),
                    Map.of("error", String.valueOf(e.getMessage())), null);
        }
        Map<String, Object> details = new LinkedHashMap<>(ResultJson.toMap(r));
        details.remove("source");
        return new Judgement(r.verdict(), r.summary().replaceFirst("^<memory>: ", ""), details,
                HtmlReport.parts(r, History.of(history)));
    }

}
