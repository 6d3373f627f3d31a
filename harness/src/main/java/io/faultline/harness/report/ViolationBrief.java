package io.faultline.harness.report;

import io.faultline.checker.report.Html;
import io.faultline.checker.history.Op;
import io.faultline.harness.nemesis.Nemesis;
import io.faultline.harness.run.Judgement;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The top of the report of a violation: what a reviewer needs first. The checker's
 * shrunk counterexample with its times, the faults active around it, and the node
 * log lines of the involved nodes (those the faults name; every node when none does)
 * in the same time window.
 */
final class ViolationBrief {
    /** Slack either side of the counterexample's ops when looking for faults and log lines. */
    static final long MARGIN_NANOS = 2_000_000_000L;
    private static final int MAX_LINES_PER_NODE = 60;
    private static final Pattern NODE = Pattern.compile("\\bn(\\d+)\\b");

    private ViolationBrief() {}

    /** One op of the counterexample, with its invocation and completion times (nanos from history start). */
    record Step(long process, String op, long invokeNanos, Long completeNanos) {}

    /**
     * @param nodesDir    the run's nodes/ directory (n1.log, ...)
     * @param historyZero wall-clock time of history time 0; null when unknown (no log lines then)
     * @return HTML, empty when the run found no violation
     */
    static String render(RunSummary s, List<Op> ops, Path nodesDir, Instant historyZero) {
        Judgement j = s.judgement();
        if (j == null || j.verdict() != Judgement.Verdict.VIOLATION) return "";
        Map<String, Object> violation = firstViolation(j.details());
        if (violation == null) return "";
        List<Step> steps = steps(violation, ops);
        StringBuilder h = new StringBuilder("<section class=\"violation\"><h2>Counterexample</h2>");
        h.append("<p>").append(Html.escape(String.valueOf(violation.get("explanation")))).append("</p>");
        if (steps.isEmpty()) return h.append("</section>").toString();
        h.append("<table><tr><th>process</th><th>operation</th><th>invoked (s)</th><th>completed (s)</th></tr>");
        for (Step st : steps) {
            h.append(String.format(Locale.ROOT, "<tr><td>%d</td><td><code>%s</code></td><td>%.3f</td><td>%s</td></tr>",
                    st.process(), Html.escape(st.op()), st.invokeNanos() / 1e9,
                    st.completeNanos() == null ? "never (unknown outcome)" : String.format(Locale.ROOT, "%.3f", st.completeNanos() / 1e9)));
        }
        h.append("</table>");
        long from = steps.stream().mapToLong(Step::invokeNanos).min().orElse(0) - MARGIN_NANOS;
        long to = steps.stream().mapToLong(st -> st.completeNanos() == null ? st.invokeNanos() : st.completeNanos())
                .max().orElse(0) + MARGIN_NANOS;
        List<Nemesis.Injected> faults = faultsBetween(s.faults(), from, to);
        h.append(String.format(Locale.ROOT, "<h3>Faults active from %.1f s to %.1f s</h3>", Math.max(0, from) / 1e9, to / 1e9));
        if (faults.isEmpty()) {
            h.append("<p>None.</p>");
        } else {
            h.append("<ul>");
            for (Nemesis.Injected f : faults) {
                h.append(String.format(Locale.ROOT, "<li>%.2f s – %s: %s</li>", f.startNanos() / 1e9,
                        f.endNanos() == 0 ? "end" : String.format(Locale.ROOT, "%.2f s", f.endNanos() / 1e9),
                        Html.escape(f.description())));
            }
            h.append("</ul>");
        }
        if (historyZero != null) {
            Instant start = historyZero.plusNanos(from);
            Instant end = historyZero.plusNanos(to);
            for (int node : involvedNodes(faults, nodesDir)) {
                List<String> lines = logLines(nodesDir.resolve("n" + node + ".log"), start, end);
                h.append("<h3>n").append(node).append(" log, same window</h3><pre class=\"log\">")
                        .append(Html.escape(lines.isEmpty() ? "(no lines)" : String.join("\n", lines))).append("</pre>");
            }
        }
        return h.append("</section>").toString();
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> firstViolation(Map<String, Object> details) {
        Object parts = details.get("partitions");
        if (!(parts instanceof List<?> list)) return null;
        for (Object p : list) {
            if (p instanceof Map<?, ?> m && m.get("violation") instanceof Map<?, ?> v) return (Map<String, Object>) v;
        }
        return null;
    }

    static List<Step> steps(Map<String, Object> violation, List<Op> ops) {
        Map<Long, Op> byIndex = new HashMap<>();
        for (Op op : ops) byIndex.put(op.index(), op);
        List<Step> steps = new ArrayList<>();
        if (!(violation.get("shrunk") instanceof List<?> shrunk)) return steps;
        for (Object o : shrunk) {
            if (!(o instanceof Map<?, ?> m)) continue;
            Op invoke = byIndex.get(number(m.get("invokeIndex")));
            if (invoke == null) continue;
            Op done = m.get("completionIndex") == null ? null : byIndex.get(number(m.get("completionIndex")));
            steps.add(new Step(invoke.process(), String.valueOf(m.get("op")), invoke.time(),
                    done == null ? null : done.time()));
        }
        return steps;
    }

    private static Long number(Object o) {
        return o instanceof Number n ? n.longValue() : null;
    }

    static List<Nemesis.Injected> faultsBetween(List<Nemesis.Injected> faults, long from, long to) {
        List<Nemesis.Injected> out = new ArrayList<>();
        for (Nemesis.Injected f : faults) {
            if (f.startNanos() <= to && (f.endNanos() == 0 || f.endNanos() >= from)) out.add(f);
        }
        return out;
    }

    private static List<Integer> involvedNodes(List<Nemesis.Injected> faults, Path nodesDir) {
        TreeSet<Integer> named = new TreeSet<>();
        for (Nemesis.Injected f : faults) {
            Matcher m = NODE.matcher(f.description());
            while (m.find()) named.add(Integer.parseInt(m.group(1)));
        }
        if (!named.isEmpty()) return List.copyOf(named);
        List<Integer> all = new ArrayList<>();
        try (var files = Files.list(nodesDir)) {
            files.map(p -> p.getFileName().toString()).filter(n -> n.matches("n\\d+\\.log"))
                    .map(n -> Integer.parseInt(n.substring(1, n.length() - 4))).sorted().forEach(all::add);
        } catch (IOException e) {
            return List.of();
        }
        return all;
    }

    /** Lines stamped within [start, end] (unstamped lines follow the stamped line before them), at most a screenful. */
    static List<String> logLines(Path file, Instant start, Instant end) {
        List<String> out = new ArrayList<>();
        List<String> all;
        try {
            all = Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            return out;
        }
        boolean inside = false;
        for (String line : all) {
            Instant at = stamp(line);
            if (at != null) inside = !at.isBefore(start) && !at.isAfter(end);
            if (inside) out.add(line);
            if (out.size() >= MAX_LINES_PER_NODE) {
                out.add("… (cut at " + MAX_LINES_PER_NODE + " lines; see " + file.getFileName() + ")");
                break;
            }
        }
        return out;
    }

    private static Instant stamp(String line) {
        int space = line.indexOf(' ');
        if (space < 20) return null;
        try {
            return Instant.parse(line.substring(0, space));
        } catch (DateTimeParseException e) {
            return null;
        }
    }
}
