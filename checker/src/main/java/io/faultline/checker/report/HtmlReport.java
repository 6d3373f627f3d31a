package io.faultline.checker.report;

import io.faultline.checker.CheckResult;
import io.faultline.checker.OpRef;
import io.faultline.checker.PartitionResult;
import io.faultline.checker.verdict.Verdict;
import io.faultline.checker.Violation;
import io.faultline.checker.history.History;
import io.faultline.checker.history.Op;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The self-contained HTML report: verdict, explanations, counterexample, and a zoomable
 * per-process timeline with fault bands. No network fetches; every history string is escaped.
 */
public final class HtmlReport {
    /** Rows of the partition table; the rest are counted, not listed. */
    private static final int MAX_PARTITION_ROWS = 1_000;
    /** Longest prefix ops listed in the page (all of them are in result.json). */
    private static final int MAX_PREFIX_ROWS = 500;

    private HtmlReport() {
    }

    public static void write(CheckResult result, List<Op> history, Path file) throws IOException {
        write(result, History.of(history), file);
    }

    public static void write(CheckResult result, History history, Path file) throws IOException {
        Path parent = file.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        Files.writeString(file, render(result, history), StandardCharsets.UTF_8);
    }

    public static String render(CheckResult result, History history) {
        ReportParts parts = parts(result, history);
        StringBuilder header = new StringBuilder();
        header(header, result);
        return page(result.verdict().words() + " · " + result.source(), header.toString(), parts.bodyHtml(),
                parts.data());
    }

    /**
     * The checker's sections and data, for a page of its own or a run report.
     *
     * @param result null when the history was not checked: the timeline alone
     */
    public static ReportParts parts(CheckResult result, History history) {
        TimelineData timeline = new TimelineData(result, history);
        Map<String, Object> data = new LinkedHashMap<>(timeline.json);
        Map<String, Object> story = result == null ? null : FailureStory.of(result, history);
        if (story != null) {
            data.put("story", story);
        }
        StringBuilder h = new StringBuilder(1 << 14);
        if (result != null) {
            violations(h, result, history);
        }
        timelineSection(h, timeline);
        if (result != null) {
            partitions(h, result);
        }
        return new ReportParts(h.toString(), data);
    }

    /**
     * A whole page: the header, the failure story (drawn by the script from {@code data.story}),
     * the sections, the data once as JSON, and the script. No network fetches: a
     * Content-Security-Policy forbids them.
     */
    public static String page(String title, String headerHtml, String bodyHtml, Map<String, Object> data) {
        StringBuilder h = new StringBuilder(bodyHtml.length() + (1 << 16));
        h.append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">\n")
                .append("<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; ")
                .append("style-src 'unsafe-inline'; script-src 'unsafe-inline'; img-src data:\">\n")
                .append("<title>").append(Html.escape(title))
                .append("</title>\n<style>\n").append(resource("report.css")).append("</style></head><body>\n")
                .append(headerHtml).append("<main>\n<section id=\"story\"></section>\n").append(bodyHtml)
                .append("</main>\n<script type=\"application/json\" id=\"faultline-data\">")
                .append(Html.scriptSafeJson(compactJson(data)))
                .append("</script>\n<script>\n").append(resource("report.js")).append("</script>\n</body></html>\n");
        return h.toString();
    }

    /** The page data without indentation: it is read by the script, not by people, and size is open time. */
    private static String compactJson(Map<String, Object> data) {
        try {
            return COMPACT.writeValueAsString(data);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException("cannot write the report data", e);
        }
    }

    private static final com.fasterxml.jackson.databind.ObjectMapper COMPACT =
            new com.fasterxml.jackson.databind.ObjectMapper();

    private static void header(StringBuilder h, CheckResult r) {
        String cls = switch (r.verdict()) {
            case LINEARIZABLE -> "linearizable";
            case NOT_LINEARIZABLE -> "not-linearizable";
            case UNKNOWN -> "unknown";
        };
        h.append("<header><h1>Linearizability check: <span class=\"verdict ").append(cls).append("\">")
                .append(Html.escape(r.verdict().words())).append("</span></h1>\n<div class=\"meta\">")
                .append(Html.escape(r.source())).append(" · model <b>").append(Html.escape(r.model()))
                .append("</b> · ").append(r.operationCount()).append(" operations checked · ")
                .append(r.partitions().size()).append(r.partitions().size() == 1 ? " partition" : " partitions")
                .append(" · ").append(String.format(Locale.ROOT, "%.2f s", r.elapsed().toNanos() / 1e9))
                .append("</div>\n");
        if (r.cause() != null) {
            h.append("<p class=\"note\">").append(Html.escape(r.cause())).append("</p>\n");
        }
        h.append("</header>\n");
    }

    private static void violations(StringBuilder h, CheckResult r, History history) {
        List<PartitionResult> bad = r.violations();
        if (bad.isEmpty()) {
            if (r.verdict() == Verdict.LINEARIZABLE) {
                h.append("<h2>Every partition is linearizable</h2>\n<p>There is an order of the operations, ")
                        .append("consistent with real time, in which each one behaves as the model says.</p>\n");
            }
            return;
        }
        h.append("<h2>Checker details</h2>\n");
        int shown = 0;
        for (PartitionResult p : bad) {
            Violation v = p.violation();
            if (v == null) {
                continue;
            }
            if (shown++ == 1) {
                h.append("<details><summary>").append(bad.size() - 1)
                        .append(" more not linearizable (see also the key filter of the timeline)</summary>\n");
            }
            if (shown > 1) {
                // The first violation's explanation heads the failure story at the top of the page.
                h.append("<div class=\"explanation\">").append(Html.escape(v.explanation())).append("</div>\n");
            }
            if (!v.shrunk().isEmpty()) {
                // A long counterexample (shrinking stopped early) starts closed: the page opens faster.
                h.append(v.shrunk().size() <= 50 ? "<details open>" : "<details>").append("<summary><b>Counterexample</b> (")
                        .append(v.shrunk().size()).append(v.shrunk().size() == 1 ? " operation" : " operations")
                        .append(v.shrunkMinimal() ? ", none can be removed" : ", may not be minimal")
                        .append(")</summary>\n");
                opTable(h, history, v.shrunk(), MAX_PREFIX_ROWS);
                h.append("</details>\n");
            }
            h.append("<details><summary>Operations that could not be linearized next (")
                    .append(v.couldNotLinearizeNext().size()).append(")</summary>\n");
            opTable(h, history, v.couldNotLinearizeNext(), MAX_PREFIX_ROWS);
            h.append("</details>\n<details><summary>Longest linearizable prefix (")
                    .append(v.longestPrefix().size()).append(" operations, leaving ")
                    .append(Html.escape(v.stateAfterPrefix())).append(")</summary>\n");
            opTable(h, history, v.longestPrefix(), MAX_PREFIX_ROWS);
            h.append("</details>\n");
        }
        if (shown > 1) {
            h.append("</details>\n");
        }
    }

    /** Ops with their file lines, the numbers the explanation and the timeline use (result.json has indices). */
    private static void opTable(StringBuilder h, History history, List<OpRef> refs, int max) {
        h.append("<table><tr><th>#</th><th>process</th><th>operation</th><th>lines</th></tr>\n");
        for (int i = 0; i < refs.size() && i < max; i++) {
            OpRef r = refs.get(i);
            h.append("<tr><td class=\"num\">").append(i + 1).append("</td><td class=\"num\">").append(r.process())
                    .append("</td><td>").append(Html.escape(r.description())).append("</td><td class=\"num\">")
                    .append(history.lineOf((int) r.invokeIndex()))
                    .append(r.completionIndex() >= 0 ? " → " + history.lineOf((int) r.completionIndex()) : "")
                    .append("</td></tr>\n");
        }
        h.append("</table>\n");
        if (refs.size() > max) {
            h.append("<p class=\"note\">… and ").append(refs.size() - max).append(" more (see result.json)</p>\n");
        }
    }

    private static void timelineSection(StringBuilder h, TimelineData t) {
        h.append("<h2>Timeline</h2>\n");
        if (t.shownOps < t.totalClientOps) {
            h.append("<p class=\"note\">Showing ").append(t.shownOps).append(" of ").append(t.totalClientOps)
                    .append(" client operations: the failing partition (around the violation when it is very long);")
                    .append(" the other partitions are summarised below.</p>\n");
        }
        h.append("<div class=\"controls\"><label>Key <select id=\"key-filter\"><option>")
                .append("all keys</option></select></label>")
                .append("<button id=\"zoom-in\" title=\"or Ctrl + wheel\">zoom in</button>")
                .append("<button id=\"zoom-out\">zoom out</button><button id=\"zoom-reset\">reset</button>")
                .append("<label><input type=\"checkbox\" id=\"cex-only\"> counterexample only</label>")
                .append("<span id=\"shown-count\" class=\"meta\"></span></div>\n")
                .append("<div class=\"legend meta\"><span><i class=\"swatch\" style=\"background:#81c784\"></i>ok</span>")
                .append("<span><i class=\"swatch\" style=\"background:#ffb74d\"></i>info / never completed</span>")
                .append("<span><i class=\"swatch\" style=\"background:#cfcfcf\"></i>fail</span>")
                .append("<span><i class=\"swatch\" style=\"border:2px solid #1565c0\"></i>in the longest linearizable prefix (#order)</span>")
                .append("<span><i class=\"swatch\" style=\"background:#e53935\"></i>could not be linearized</span>")
                .append("<span><i class=\"swatch\" style=\"border:2px dashed #6a1b9a\"></i>could not go next</span>")
                .append("<span><i class=\"swatch\" style=\"border:3px solid #b71c1c\"></i>counterexample</span>")
                .append("<span><i class=\"swatch\" style=\"background:#fdd835;opacity:.4\"></i>fault (nemesis)</span></div>\n")
                .append("<p class=\"note\">Click an operation for its details; drag to pan, Ctrl + wheel to zoom ")
                .append("(every chart of the page follows the same time axis).</p>\n")
                .append("<div id=\"timeline\"></div>\n<div id=\"details\">Click an operation for its details.</div>\n");
    }

    private static void partitions(StringBuilder h, CheckResult r) {
        if (r.partitions().size() <= 1 && r.partitions().stream().allMatch(p -> p.key() == null)) {
            return;
        }
        h.append("<h2>Partitions</h2>\n<table><tr><th>key</th><th>verdict</th><th>operations</th>")
                .append("<th>states explored</th><th>time</th><th>note</th></tr>\n");
        int shown = 0;
        for (PartitionResult p : r.partitions()) {
            if (shown++ >= MAX_PARTITION_ROWS) {
                break;
            }
            h.append("<tr><td>").append(Html.escape(String.valueOf(p.key()))).append("</td><td>").append(p.verdict().words())
                    .append("</td><td class=\"num\">").append(p.operationCount()).append("</td><td class=\"num\">")
                    .append(p.statesVisited()).append("</td><td class=\"num\">").append(p.elapsed().toMillis())
                    .append(" ms</td><td>").append(p.cause() == null ? "" : Html.escape(p.cause())).append("</td></tr>\n");
        }
        h.append("</table>\n");
        if (r.partitions().size() > MAX_PARTITION_ROWS) {
            long linearizable = r.partitions().stream().skip(MAX_PARTITION_ROWS)
                    .filter(p -> p.verdict() == Verdict.LINEARIZABLE).count();
            h.append("<p class=\"note\">… and ").append(r.partitions().size() - MAX_PARTITION_ROWS)
                    .append(" more partitions (").append(linearizable).append(" of them linearizable).</p>\n");
        }
    }

    private static String resource(String name) {
        try (InputStream in = HtmlReport.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException("report resource missing: " + name);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
