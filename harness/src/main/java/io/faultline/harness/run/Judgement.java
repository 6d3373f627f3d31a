package io.faultline.harness.run;

import io.faultline.checker.verdict.Verdict;
import io.faultline.checker.report.ReportParts;
import java.util.Map;

/**
 * The checker's answer about a history, in the harness's terms.
 *
 * @param verdict linearizable, not linearizable or unknown
 * @param summary one line for people
 * @param details what goes into result.json under "check"
 * @param report  the checker's sections and data, placed inline in report.html (may be null)
 */
public record Judgement(Verdict verdict, String summary, Map<String, Object> details, ReportParts report) {}
