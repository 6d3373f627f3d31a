package io.faultline.harness.report;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import io.faultline.harness.system.NodeLogFormat;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * The log lines, in run seconds, of the nodes that served the failure story's operations
 * (every node when the history does not say who served them), around the ops that tell it
 * (the stale or impossible read, the write it missed; all of them when none is marked)
 * with a second either side. Added to the story for the page's script.
 */
final class ServedLogs {
    static final double MARGIN_S = 1.0;
    static final int MAX_LINES_PER_NODE = 80;

    private ServedLogs() {}

    static void attach(Map<String, Object> story, ReportWriter.RunFiles files) {
        Path nodesDir = files.nodesDir();
        Instant historyZero = files.historyZero();
        if (nodesDir == null || historyZero == null || !(story.get("ops") instanceof List<?> ops) || ops.isEmpty()) return;
        boolean anyMarked = ops.stream().anyMatch(ServedLogs::marked);
        double from = Double.MAX_VALUE;
        double to = -Double.MAX_VALUE;
        TreeSet<String> served = new TreeSet<>();
        for (Object o : ops) {
            if (!(o instanceof Map<?, ?> m) || (anyMarked && !marked(o))) continue;
            double s = ((Number) m.get("s")).doubleValue();
            double e = ((Number) m.get("e")).doubleValue();
            from = Math.min(from, s);
            to = Math.max(to, Math.max(s, e));
            if (m.get("node") != null) served.add(String.valueOf(m.get("node")));
        }
        from -= MARGIN_S;
        to += MARGIN_S;
        if (served.isEmpty()) served.addAll(allNodes(nodesDir));
        Map<String, Object> logs = new LinkedHashMap<>();
        for (String node : served) {
            Path file = nodesDir.resolve(node + ".log");
            if (Files.isRegularFile(file)) logs.put(node, lines(file, historyZero, files.logFormat(), from, to));
        }
        story.put("logs", logs);
        story.put("logWindow", List.of(from, to));
    }

    private static boolean marked(Object op) {
        return op instanceof Map<?, ?> m && m.get("mark") != null && !"none".equals(m.get("mark"))
                && !"read-from".equals(m.get("mark"));
    }

    /** [seconds, text] pairs; unstamped lines (null seconds) follow the stamped line before them. */
    static List<List<Object>> lines(Path file, Instant zero, NodeLogFormat format, double from, double to) {
        List<List<Object>> out = new ArrayList<>();
        List<String> all;
        try {
            all = Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            return out;
        }
        boolean inside = false;
        for (String raw : all) {
            NodeLogLine l = NodeLogLine.parse(raw, zero, format);
            if (l.seconds() != null) inside = l.seconds() >= from && l.seconds() <= to;
            if (!inside) continue;
            if (out.size() >= MAX_LINES_PER_NODE) {
                out.add(Arrays.asList(null, "… (cut at " + MAX_LINES_PER_NODE + " lines; see " + file.getFileName() + ")"));
                break;
            }
            out.add(Arrays.asList(l.seconds() == null ? null : Math.round(l.seconds() * 1e3) / 1e3, l.text()));
        }
        return out;
    }

    static List<String> allNodes(Path nodesDir) {
        try (var files = Files.list(nodesDir)) {
            return files.map(p -> p.getFileName().toString()).filter(n -> n.matches("n\\d+\\.log"))
                    .map(n -> n.substring(0, n.length() - 4)).sorted().toList();
        } catch (IOException e) {
            return List.of();
        }
    }
}
