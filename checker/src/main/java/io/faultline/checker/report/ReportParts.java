package io.faultline.checker.report;

import java.util.Map;

/**
 * The checker's part of a report page, for {@link HtmlReport#page}: its sections as HTML and
 * the data its script draws from (timeline rows, fault bands, highlights, the failure story).
 * The run report puts these into its own page, so everything sits on one page, once.
 *
 * @param bodyHtml sections, escaped, no script
 * @param data     the page data; a caller may add keys (the harness adds "run")
 */
public record ReportParts(String bodyHtml, Map<String, Object> data) {
}
