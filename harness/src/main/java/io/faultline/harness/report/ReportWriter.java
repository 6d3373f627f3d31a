package io.faultline.harness.report;

import io.faultline.checker.report.Html;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.faultline.checker.history.Op;
import io.faultline.harness.nemesis.Nemesis;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * report.html: one self-contained page (inline CSS and SVG, no network) with the
 * verdict, a summary table, latency / throughput / availability over time with
 * fault bands, and the checker's own report.
 */
public final class ReportWriter {
    private static final int MAX_POINTS = 20_000;
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private ReportWriter() {}

    public static void write(Path file, RunSummary s, List<Op> ops) throws IOException {
        write(file, s, ops, null);
    }

    /**
     * @param historyZero wall-clock time of the history's time 0, to pick node log lines
     *                    around a violation (null: the report shows none)
     */
    public static void write(Path file, RunSummary s, List<Op> ops, java.time.Instant historyZero) throws IOException {
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        String violation = ViolationBrief.render(s, ops, file.resolveSibling("nodes"), historyZero);
        Files.writeString(tmp, render(s, ops, violation), StandardCharsets.UTF_8);
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    public static String render(RunSummary s, List<Op> ops) {
        return render(s, ops, "");
    }

    /** {@code violationBrief} (HTML, may be empty) goes right under the verdict. */
    static String render(RunSummary s, List<Op> ops, String violationBrief) {
        Timeline t = Timeline.of(ops);
        StringBuilder h = new StringBuilder();
        h.append("<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>Faultline run ")
                .append(Html.escape(s.runId())).append("</title><style>").append(CSS).append("</style></head><body>");
        h.append("<h1>Faultline run <code>").append(Html.escape(s.runId())).append("</code></h1>");
        h.append("<p class=\"verdict status-").append(s.status().wireName()).append("\">")
                .append(Html.escape(s.status().words())).append("</p>");
        h.append("<p>").append(Html.escape(s.why())).append("</p>");
        h.append("<p>Re-run: <code>").append(Html.escape(s.config().rerunCommand())).append("</code></p>");
        h.append(violationBrief);

        h.append("<h2>Summary</h2>");
        summaryTable(h, s);
        opsTable(h, s.opsByFunction());
        faultsTable(h, s.faults());

        h.append("<h2>Latency</h2><p class=\"note\">Each dot is one operation, at its invocation time; "
                + "fault intervals are shaded.</p>");
        h.append(latencyChart(t));
        h.append("<h2>Throughput</h2>").append(throughputChart(t));
        h.append("<h2>Availability</h2><p class=\"note\">Share of the operations completing in each second "
                + "that the cluster answered (ok, or a definite no such as a cas mismatch).</p>").append(availabilityChart(t));

        h.append("<h2>Checker</h2>");
        if (s.judgement() == null) {
            h.append("<p>The history was not checked (the run did not get that far).</p>");
        } else {
            h.append("<p>").append(Html.escape(s.judgement().summary())).append("</p>");
            if (s.judgement().reportHtml() != null) {
                h.append("<iframe class=\"checker\" title=\"checker report\" srcdoc=\"")
                        .append(Html.escape(s.judgement().reportHtml())).append("\"></iframe>");
            }
        }
        h.append("<h2>Configuration</h2><details><summary>config.json</summary><pre>")
                .append(Html.escape(json(s.config().toJson("")))).append("</pre></details>");
        h.append("<p class=\"note\">Files next to this report: history.jsonl, config.json, result.json, nemesis.log, "
                + "nodes/&lt;n&gt;.log.</p>");
        h.append("</body></html>\n");
        return h.toString();
    }

    private static void summaryTable(StringBuilder h, RunSummary s) {
        h.append("<table class=\"kv\">");
        row(h, "seed", Long.toString(s.config().seed()));
        row(h, "nodes", Integer.toString(s.config().cluster().nodes()));
        row(h, "workload", s.config().workload().name() + ", " + s.config().workload().keys() + " keys, "
                + s.config().workload().mix());
        row(h, "concurrency / rate", s.config().concurrency() + " workers, "
                + (s.config().rate() == 0 ? "unlimited" : s.config().rate() + " ops/s"));
        row(h, "started", s.started().toString());
        row(h, "finished", s.finished().toString());
        row(h, "faults injected", Integer.toString(s.faults().size()));
        if (s.recovery() != null) {
            row(h, "recovery", (s.recovery().recovered() ? "recovered in " : "NOT recovered after ")
                    + s.recovery().millis() + " ms");
            row(h, "cluster state at the end", String.join("\n", s.recovery().evidence()));
        }
        if (!s.unreadKeys().isEmpty()) row(h, "keys without a final read", String.join(", ", s.unreadKeys()));
        row(h, "system", s.config().cluster().system().name() + (s.config().cluster().system().options().changed().isEmpty()
                ? "" : " " + s.config().cluster().system().options().changed()));
        h.append("</table>");
    }

    private static void opsTable(StringBuilder h, Map<String, Map<String, Long>> ops) {
        h.append("<table><tr><th>function</th><th>ok</th><th>fail</th><th>info</th><th>total</th></tr>");
        long[] totals = new long[3];
        for (var e : ops.entrySet()) {
            long ok = e.getValue().getOrDefault("ok", 0L);
            long fail = e.getValue().getOrDefault("fail", 0L);
            long info = e.getValue().getOrDefault("info", 0L);
            totals[0] += ok;
            totals[1] += fail;
            totals[2] += info;
            h.append(String.format(Locale.ROOT, "<tr><td>%s</td><td>%d</td><td>%d</td><td>%d</td><td>%d</td></tr>",
                    Html.escape(e.getKey()), ok, fail, info, ok + fail + info));
        }
        h.append(String.format(Locale.ROOT,
                "<tr class=\"total\"><td>all</td><td>%d</td><td>%d</td><td>%d</td><td>%d</td></tr></table>",
                totals[0], totals[1], totals[2], totals[0] + totals[1] + totals[2]));
    }

    private static void faultsTable(StringBuilder h, List<Nemesis.Injected> faults) {
        if (faults.isEmpty()) {
            h.append("<p>No faults were injected.</p>");
            return;
        }
        h.append("<table><tr><th>kind</th><th>what</th><th>from (s)</th><th>to (s)</th><th>error</th></tr>");
        for (Nemesis.Injected f : faults) {
            h.append(String.format(Locale.ROOT, "<tr><td>%s</td><td>%s</td><td>%.2f</td><td>%s</td><td>%s</td></tr>",
                    Html.escape(f.kind()), Html.escape(f.description()), f.startNanos() / 1e9,
                    f.endNanos() == 0 ? "-" : String.format(Locale.ROOT, "%.2f", f.endNanos() / 1e9),
                    Html.escape(f.error() == null ? "" : f.error())));
        }
        h.append("</table>");
    }

    private static String latencyChart(Timeline t) {
        double max = t.points().stream().mapToDouble(Timeline.Point::latencyMs).max().orElse(10);
        Svg svg = new Svg(t.endSeconds(), 0.1, Math.max(max, 10), true, "latency (ms)").bands(t.bands()).axes();
        int step = Math.max(1, t.points().size() / MAX_POINTS);
        for (int i = 0; i < t.points().size(); i += step) {
            Timeline.Point p = t.points().get(i);
            svg.dot(p.seconds(), p.latencyMs(), "pt-" + p.type().wireName(),
                    String.format(Locale.ROOT, "%s %s %.1f ms at %.2f s", p.f(), p.type().wireName(), p.latencyMs(),
                            p.seconds()));
        }
        return svg.legend("pt-ok", "ok", "pt-fail", "fail", "pt-info", "info").done();
    }

    private static String throughputChart(Timeline t) {
        int n = t.perSecond().length;
        double[][] series = new double[3][n];
        double max = 1;
        for (int i = 0; i < n; i++) {
            for (int k = 0; k < 3; k++) {
                series[k][i] = t.perSecond()[i][k];
                max = Math.max(max, series[k][i]);
            }
        }
        Svg svg = new Svg(n, 0, max * 1.1, false, "ops / s").bands(t.bands()).axes();
        svg.line(series[Timeline.OK], "ln-ok").line(series[Timeline.FAIL], "ln-fail").line(series[Timeline.INFO], "ln-info");
        return svg.legend("pt-ok", "ok", "pt-fail", "fail", "pt-info", "info").done();
    }

    private static String availabilityChart(Timeline t) {
        double[] a = t.availability();
        for (int i = 0; i < a.length; i++) {
            if (!Double.isNaN(a[i])) a[i] *= 100;
        }
        return new Svg(a.length, 0, 100, false, "% answered").bands(t.bands()).axes().line(a, "ln-ok").done();
    }

    private static void row(StringBuilder h, String k, String v) {
        h.append("<tr><th>").append(Html.escape(k)).append("</th><td><pre>").append(Html.escape(v)).append("</pre></td></tr>");
    }

    private static String json(Object o) {
        try {
            return JSON.writeValueAsString(o);
        } catch (JsonProcessingException e) {
            return String.valueOf(o);
        }
    }

    private static final String CSS = """
            body{font-family:system-ui,sans-serif;margin:24px;color:#222;max-width:1000px}
            code,pre{font-family:ui-monospace,monospace;font-size:12px}
            pre{margin:0;white-space:pre-wrap}
            table{border-collapse:collapse;margin:8px 0 16px}
            td,th{border:1px solid #ccc;padding:3px 8px;text-align:left;vertical-align:top}
            tr.total td{font-weight:bold}
            .verdict{font-size:22px;font-weight:bold;padding:6px 10px;display:inline-block;border-radius:4px}
            .status-linearizable{background:#d9f2d9}
            .status-violation{background:#f7c8c8}
            .status-unknown,.status-not-recovered,.status-interrupted,.status-setup-error{background:#f9e4b7}
            .note{color:#666;font-size:13px}
            .chart{width:100%;height:auto;border:1px solid #eee}
            .frame{stroke:#444}.grid{stroke:#eee}.tick{font-size:10px;fill:#444}.axis{font-size:11px;fill:#222}
            .band{fill:#888;opacity:.15}.band-kill{fill:#c0392b}.band-pause{fill:#8e44ad}
            .band-partition{fill:#2471a3}.band-loss{fill:#d68910}
            .bandlabel{font-size:9px;fill:#555}
            .pt-ok{fill:#27ae60}.pt-fail{fill:#e67e22}.pt-info{fill:#c0392b}
            .ln-ok{stroke:#27ae60;fill:none;stroke-width:1.5}.ln-fail{stroke:#e67e22;fill:none;stroke-width:1.5}
            .ln-info{stroke:#c0392b;fill:none;stroke-width:1.5}
            iframe.checker{width:100%;height:700px;border:1px solid #ccc}
            """;
}
