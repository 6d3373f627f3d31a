package io.faultline.harness.report;

import io.faultline.checker.verdict.Verdict;
import io.faultline.harness.run.RunReporter;
import io.faultline.harness.run.RunSummary;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.faultline.checker.history.History;
import io.faultline.checker.history.Op;
import io.faultline.checker.report.HtmlReport;
import io.faultline.checker.report.Html;
import io.faultline.checker.report.ReportParts;
import io.faultline.harness.nemesis.Nemesis;
import io.faultline.harness.run.Judgement;
import io.faultline.harness.run.RunStatus;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import io.faultline.harness.system.NodeLogFormat;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * report.html: one self-contained page. The verdict once; for a violation, the failure
 * story (from the checker's story, with node role lanes and the log lines of the nodes
 * that served those ops); whether the faults bit; the summary; latency, quantiles,
 * throughput, availability and roles on the same run-seconds axis as the checker's
 * timeline, which is inline below them. Every chart draws from one JSON block.
 */
public final class ReportWriter {
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    /** Files a run directory holds, linked from the report when present. */
    private static final List<String> RUN_FILES = List.of("history.jsonl", "config.json", "result.json",
            "nemesis.log", "run.log");

    private ReportWriter() {}

    public static void write(Path file, RunSummary s, List<Op> ops) throws IOException {
        write(file, s, ops, null);
    }

    /**
     * Whether the faults bit (per fault, and the warnings), for result.json; the report shows
     * the same. Needs the node logs in {@code runDir}/nodes for leaders and elections.
     */
    public static Map<String, Object> faultImpact(Path runDir, RunSummary s, List<Op> ops, Instant historyZero) {
        RunSeries series = RunSeries.of(ops);
        RunFiles files = RunFiles.of(runDir, historyZero, s);
        NodeLanes lanes = NodeLanes.fromLogs(files, s.faults(), series.end());
        Map<String, Object> bite = FaultImpact.of(s.faults(), ops, lanes).toJson();
        LostWrite.unreadable(ops, files).ifPresent(u -> bite.put(RunReporter.UNREADABLE, u));
        return bite;
    }

    /**
     * The acknowledged writes of a history that no read could see again after a fault (every read
     * of their keys failed from the fault on): how many, their keys, the failed reads; empty when
     * none. What the report and result.json tell, from the history alone.
     */
    public static Optional<Map<String, Object>> unreadableWrites(List<Op> ops) {
        return LostWrite.unreadable(ops, null);
    }

    /** A finished run's report.html in its directory; the {@link io.faultline.harness.run.RunReporter} of runs. */
    public static Map<String, Object> writeRun(Path runDir, RunSummary s, List<Op> ops, Instant historyZero)
            throws IOException {
        Map<String, Object> bite = faultImpact(runDir, s, ops, historyZero);
        write(runDir.resolve("report.html"), s, ops, historyZero);
        return bite;
    }

    /**
     * @param historyZero wall-clock time of the history's time 0, to place node log lines and
     *                    roles on the run's time axis (null: no lanes, no log lines)
     */
    public static void write(Path file, RunSummary s, List<Op> ops, Instant historyZero) throws IOException {
        Path dir = file.toAbsolutePath().getParent();
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        Files.writeString(tmp, render(s, ops, RunFiles.of(dir, historyZero, s)), StandardCharsets.UTF_8);
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    public static String render(RunSummary s, List<Op> ops) {
        return render(s, ops, RunFiles.of(null, null, s));
    }

    /** A run's directory, history time 0 on the wall clock, and how its system's node logs read. */
    record RunFiles(Path dir, Instant historyZero, NodeLogFormat logFormat) {
        static RunFiles of(Path dir, Instant historyZero, RunSummary s) {
            return new RunFiles(dir, historyZero, s.config().cluster().system().logFormat());
        }

        Path nodesDir() {
            return dir == null ? null : dir.resolve("nodes");
        }
    }

    static String render(RunSummary s, List<Op> ops, RunFiles files) {
        RunSeries series = RunSeries.of(ops);
        NodeLanes lanes = NodeLanes.fromLogs(files, s.faults(), series.end());
        FaultImpact impact = FaultImpact.of(s.faults(), ops, lanes);
        ReportParts checker = s.judgement() != null && s.judgement().report() != null
                ? s.judgement().report() : HtmlReport.parts(null, History.of(ops));
        Map<String, Object> data = new LinkedHashMap<>(checker.data());
        data.put("run", series);
        if (!lanes.isEmpty()) data.put("lanes", lanes.toJson());
        Optional<Map<String, Object>> unreadable = LostWrite.unreadable(ops, files);
        unreadable.ifPresent(u -> data.put(RunReporter.UNREADABLE, u));
        if (data.get("story") instanceof Map<?, ?> story) {
            @SuppressWarnings("unchecked")
            Map<String, Object> st = (Map<String, Object>) story;
            ServedLogs.attach(st, files);
            LostWrite.attach(st, ops, s.faults(), files);
        }

        StringBuilder head = new StringBuilder();
        header(head, s, impact, files);
        StringBuilder body = new StringBuilder();
        unreadable.ifPresent(u -> unreadableSection(body, u));
        faultsSection(body, impact);
        body.append("<h2>Summary</h2>");
        summaryTable(body, s);
        opsTable(body, s.opsByFunction());
        body.append("<h2>Over time</h2><p class=\"note\">Run seconds on every chart, the checker's timeline "
                + "included; fault intervals are shaded. Drag to pan, Ctrl + wheel to zoom: all charts follow.</p>"
                + "<div id=\"run-charts\"></div>");
        body.append("<h2>Checker</h2>");
        body.append(s.judgement() == null ? "<p>The history was not checked (the run did not get that far).</p>"
                : "<p>" + Html.escape(s.judgement().summary()) + "</p>");
        body.append(checker.bodyHtml());
        body.append("<h2>Configuration</h2><details><summary>config.json</summary><pre>")
                .append(Html.escape(json(s.config().toJson("")))).append("</pre></details>");
        return HtmlReport.page("Faultline run " + s.runId() + " · " + s.status().words(), head.toString(),
                body.toString(), data);
    }

    /** The status as the badge says it: a violation found in the node logs of a linearizable history is not "NOT linearizable". */
    static String badge(RunSummary s) {
        boolean historyPassed = s.judgement() != null && s.judgement().verdict() == Verdict.LINEARIZABLE;
        return s.status() == RunStatus.VIOLATION && historyPassed ? "Raft safety broken" : s.status().words();
    }

    private static void header(StringBuilder h, RunSummary s, FaultImpact impact, RunFiles files) {
        h.append("<header><h1>Faultline run <code>").append(Html.escape(s.runId())).append("</code> ")
                .append("<span class=\"verdict status-").append(s.status().wireName()).append("\">")
                .append(Html.escape(badge(s))).append("</span></h1><div class=\"meta\">")
                .append(Html.escape(s.why())).append("</div><div class=\"meta\">seed ").append(s.config().seed())
                .append(" · ").append(Html.escape(systemWords(s))).append(" · ")
                .append(s.config().cluster().nodes()).append(" nodes · ")
                .append(Html.escape(s.config().workload().name())).append(" · nemesis ")
                .append(Html.escape(io.faultline.harness.nemesis.FaultPackages.format(s.config().nemesis())))
                .append("</div><div class=\"meta\">Re-run: <code>").append(Html.escape(s.rerun()))
                .append("</code></div><div class=\"meta files\">Files: ");
        for (String f : RUN_FILES) {
            if (files.dir() == null || Files.exists(files.dir().resolve(f))) {
                h.append("<a href=\"").append(f).append("\">").append(f).append("</a> ");
            }
        }
        if (files.nodesDir() != null && Files.isDirectory(files.nodesDir())) {
            try (var logs = Files.list(files.nodesDir())) {
                for (String n : logs.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".log")).sorted().toList()) {
                    h.append("<a href=\"nodes/").append(Html.escape(n)).append("\">nodes/").append(Html.escape(n)).append("</a> ");
                }
            } catch (IOException ignored) {
                // the logs are optional; the report stands without links to them
            }
        }
        h.append("</div>");
        for (String w : impact.warnings()) h.append("<div class=\"warning\">").append(Html.escape(w)).append("</div>");
        h.append("</header>\n");
    }

    /** The system under test and the options that differ from its defaults (node flags among them). */
    private static String systemWords(RunSummary s) {
        var system = s.config().cluster().system();
        return system.name() + (system.options().changed().isEmpty() ? "" : " " + system.options().changed());
    }

    /** The story of a history the checker passes though acknowledged writes became unreadable (a lost bucket or stream). */
    private static void unreadableSection(StringBuilder h, Map<String, Object> u) {
        List<?> fault = (List<?>) u.get("fault");
        List<?> keys = (List<?>) u.get("keys");
        h.append("<h2>Acknowledged writes no read could see again</h2><p class=\"lost\">")
                .append(u.get("writes")).append(" acknowledged writes to ").append(keys.size()).append(" keys (")
                .append(Html.escape(keys.size() > 10 ? String.join(", ", keys.subList(0, 10).stream()
                        .map(String::valueOf).toList()) + ", …" : String.join(", ", keys.stream().map(String::valueOf).toList())))
                .append(") were never read again after the ").append(Html.escape(String.valueOf(fault.get(1))))
                .append(" at ").append(fault.get(0)).append(" s (").append(Html.escape(String.valueOf(fault.get(2))))
                .append("): all ").append(u.get("failed-reads")).append(" reads of them from then on failed, none returned ")
                .append("a value. The checker passes such a history (a failed read constrains nothing), yet the data is gone ")
                .append("from the clients' view: a store that lost a whole bucket or stream answers that it has none, a ")
                .append("cluster left without a quorum answers nothing. The errors and log lines below tell which.</p>")
                .append("<p>Commonest errors:</p><ul>");
        for (Object e : (List<?>) u.get("errors")) {
            List<?> pair = (List<?>) e;
            h.append("<li><code>").append(Html.escape(String.valueOf(pair.get(0)))).append("</code> ×").append(pair.get(1))
                    .append("</li>");
        }
        h.append("</ul>");
        List<?> logs = (List<?>) u.get("logs");
        if (!logs.isEmpty()) {
            h.append("<table><tr><th>node</th><th>s</th><th>what the fault recorded, and the node log lines that tell of a loss</th></tr>");
            for (Object l : logs) {
                List<?> row = (List<?>) l;
                h.append("<tr><td>").append(Html.escape(String.valueOf(row.get(0)))).append("</td><td class=\"num\">")
                        .append(row.get(1)).append("</td><td><code>").append(Html.escape(String.valueOf(row.get(2))))
                        .append("</code></td></tr>");
            }
            h.append("</table>");
        }
    }

    private static void faultsSection(StringBuilder h, FaultImpact impact) {
        h.append("<h2>Did the faults bite?</h2>");
        if (impact.faults().isEmpty()) {
            h.append("<p>No faults were injected.</p>");
            return;
        }
        h.append("<table><tr><th>kind</th><th>what</th><th>from (s)</th><th>to (s)</th><th>leader at start</th>")
                .append("<th>reached the leader</th><th>leader elections</th><th>longest without an answer (s)</th>")
                .append("<th>answered</th><th>failed</th><th>unknown</th><th>error</th></tr>");
        for (FaultImpact.PerFault p : impact.faults()) {
            Nemesis.Injected f = p.fault();
            h.append(String.format(Locale.ROOT,
                    "<tr><td>%s</td><td>%s</td><td class=\"num\">%.2f</td><td class=\"num\">%s</td><td>%s</td>"
                            + "<td>%s</td><td class=\"num\">%d</td><td class=\"num\">%.2f</td><td class=\"num\">%d</td>"
                            + "<td class=\"num\">%d</td><td class=\"num\">%d</td><td>%s</td></tr>",
                    Html.escape(f.kind()), Html.escape(f.description()), f.startNanos() / 1e9,
                    f.ongoing() ? "-" : String.format(Locale.ROOT, "%.2f", f.endNanos() / 1e9),
                    p.leader() == null ? "?" : Html.escape(p.leader()), p.leader() == null ? "?" : p.reachedLeader() ? "yes" : "no",
                    p.elections(), p.longestGapS(), p.answered(), p.failed(), p.unknown(),
                    Html.escape(f.error() == null ? "" : f.error())));
        }
        h.append("</table><p class=\"note\">Elections: terms in which a node became leader during the fault or ")
                .append((int) FaultImpact.ELECTION_SLACK_S).append(" s after it (from the node logs). Failed: errors, ")
                .append("not cas mismatches (those are answers).</p>");
    }

    private static void summaryTable(StringBuilder h, RunSummary s) {
        h.append("<table class=\"kv\">");
        row(h, "workload", s.config().workload().name() + ", " + s.config().workload().keys() + " keys, "
                + s.config().workload().mix());
        row(h, "concurrency / rate", s.config().concurrency() + " workers, "
                + (s.config().rate() == 0 ? "unlimited" : s.config().rate() + " ops/s"));
        row(h, "started", s.started().toString());
        row(h, "finished", s.finished().toString());
        row(h, "faults played", s.faultsPlayedText());
        if (s.recovery() != null) {
            row(h, "recovery", (s.recovery().recovered() ? "recovered in " : "NOT recovered after ")
                    + String.format(Locale.ROOT, "%.2f s", s.recovery().millis() / 1e3));
            row(h, "cluster state at the end", String.join("\n", s.recovery().evidence()));
        }
        if (!s.unreadKeys().isEmpty()) row(h, "keys without a final read", String.join(", ", s.unreadKeys()));
        h.append("</table>");
    }

    private static void opsTable(StringBuilder h, Map<String, Map<String, Long>> ops) {
        List<String> outcomes = List.of("ok", RunSummary.CAS_MISMATCH, "fail", "info");
        h.append("<table><tr><th>function</th><th>ok</th><th>cas mismatch</th><th>fail (error)</th>")
                .append("<th>info (unknown)</th><th>total</th></tr>");
        long[] totals = new long[outcomes.size()];
        for (var e : ops.entrySet()) {
            h.append("<tr><td>").append(Html.escape(e.getKey())).append("</td>");
            long sum = 0;
            for (int i = 0; i < outcomes.size(); i++) {
                long n = e.getValue().getOrDefault(outcomes.get(i), 0L);
                totals[i] += n;
                sum += n;
                h.append("<td class=\"num\">").append(n).append("</td>");
            }
            h.append("<td class=\"num\">").append(sum).append("</td></tr>");
        }
        h.append("<tr class=\"total\"><td>all</td>");
        long sum = 0;
        for (long t : totals) {
            sum += t;
            h.append("<td class=\"num\">").append(t).append("</td>");
        }
        h.append("<td class=\"num\">").append(sum).append("</td></tr></table>");
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
}
