package io.faultline.harness.report;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.faultline.checker.report.Html;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * histories/runs/index.html: one row per run directory (newest first) with its verdict
 * colour, time, seed, system, nemeses, node flags, duration and a link to its report, read
 * back from each run's result.json and config.json; and {@code latest}, a link to the newest
 * run. Rebuilt from the directories after every run, so it never disagrees with them.
 */
public final class RunsIndex {
    private static final ObjectMapper JSON = new ObjectMapper();

    private RunsIndex() {}

    /** One run as the index lists it; fields the run did not write are empty. */
    public record Row(String dir, String status, int exitCode, String started, String finished, String seed,
                      String system, String nemesis, String nodeFlags, String summary, boolean hasReport) {}

    public static List<Row> rows(Path root) throws IOException {
        List<Row> rows = new ArrayList<>();
        if (!Files.isDirectory(root)) return rows;
        try (var dirs = Files.list(root)) {
            for (Path d : dirs.filter(p -> Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS)).toList()) {
                Path result = d.resolve("result.json");
                if (!Files.isRegularFile(result)) continue;
                JsonNode r = read(result);
                JsonNode c = read(d.resolve("config.json"));
                rows.add(new Row(d.getFileName().toString(), text(r, "status"), r.path("exit-code").asInt(-1),
                        text(r, "started"), text(r, "finished"), text(r, "seed").isEmpty() ? text(c, "seed") : text(r, "seed"),
                        system(c), nemesis(c), nodeFlags(c), text(r, "summary"),
                        Files.isRegularFile(d.resolve("report.html"))));
            }
        }
        rows.sort(Comparator.comparing(Row::dir).reversed());
        return rows;
    }

    /** Writes index.html and points {@code latest} at the newest run; returns the index file. */
    public static Path rebuild(Path root) throws IOException {
        List<Row> rows = rows(root);
        Path index = root.resolve("index.html");
        Path tmp = root.resolve("index.html.tmp");
        Files.writeString(tmp, render(rows), StandardCharsets.UTF_8);
        Files.move(tmp, index, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        if (!rows.isEmpty()) pointLatest(root, rows.get(0).dir());
        return index;
    }

    static String render(List<Row> rows) {
        StringBuilder h = new StringBuilder();
        h.append("<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\">")
                .append("<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'\">")
                .append("<title>Faultline runs</title><style>")
                .append("body{font:14px/1.4 system-ui,sans-serif;margin:24px;color:#1b1b1b}")
                .append("table{border-collapse:collapse}td,th{border:1px solid #ddd;padding:3px 8px;text-align:left;vertical-align:top}")
                .append("th{background:#f0f0f0}tr.linearizable td.status{background:#c8e6c9}tr.violation td.status{background:#ef9a9a}")
                .append("tr.unknown td.status,tr.not-recovered td.status,tr.interrupted td.status,tr.setup-error td.status,")
                .append("tr.running td.status{background:#ffe0b2}code{font-size:12px}.summary{color:#555;max-width:40em}")
                .append("</style></head><body><h1>Faultline runs</h1>");
        if (rows.isEmpty()) {
            h.append("<p>No runs yet.</p>");
        } else {
            h.append("<p><a href=\"latest/report.html\">latest</a>: ").append(Html.escape(rows.get(0).dir()))
                    .append(" · ").append(rows.size()).append(rows.size() == 1 ? " run" : " runs").append("</p>");
            h.append("<table><tr><th>run</th><th>verdict</th><th>started</th><th>duration</th><th>seed</th>")
                    .append("<th>system</th><th>nemesis</th><th>node flags</th><th>summary</th></tr>");
            for (Row r : rows) {
                h.append("<tr class=\"").append(Html.escape(r.status())).append("\"><td>");
                if (r.hasReport()) {
                    h.append("<a href=\"").append(Html.escape(r.dir())).append("/report.html\">")
                            .append(Html.escape(r.dir())).append("</a>");
                } else {
                    h.append(Html.escape(r.dir()));
                }
                h.append("</td><td class=\"status\">").append(Html.escape(r.status())).append("</td><td>")
                        .append(Html.escape(toSecond(r.started()))).append("</td><td>").append(Html.escape(duration(r)))
                        .append("</td><td>").append(Html.escape(r.seed())).append("</td><td>").append(Html.escape(r.system()))
                        .append("</td><td>").append(Html.escape(r.nemesis())).append("</td><td><code>")
                        .append(Html.escape(r.nodeFlags())).append("</code></td><td class=\"summary\">")
                        .append(Html.escape(r.summary())).append("</td></tr>");
            }
            h.append("</table>");
        }
        return h.append("</body></html>\n").toString();
    }

    /** 2026-11-30T00:40:54.794Z as 2026-11-30 00:40:54Z: a person reads the index, not a program. */
    static String toSecond(String instant) {
        return instant.length() >= 19 ? instant.substring(0, 10) + " " + instant.substring(11, 19) + "Z" : instant;
    }

    static String duration(Row r) {
        try {
            long s = java.time.Duration.between(java.time.Instant.parse(r.started()), java.time.Instant.parse(r.finished()))
                    .toSeconds();
            return s + " s";
        } catch (RuntimeException e) {
            return "";
        }
    }

    /** A symbolic link {@code latest} to the newest run (replaced each time). */
    private static void pointLatest(Path root, String dir) throws IOException {
        Path link = root.resolve("latest");
        Path tmp = root.resolve("latest.tmp");
        Files.deleteIfExists(tmp);
        try {
            Files.createSymbolicLink(tmp, Path.of(dir));
            Files.move(tmp, link, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (UnsupportedOperationException | IOException e) {
            // A file system without links: the index's "latest" row still names the newest run.
            Files.deleteIfExists(tmp);
        }
    }

    private static JsonNode read(Path file) {
        try {
            return Files.isRegularFile(file) ? JSON.readTree(file.toFile()) : JSON.createObjectNode();
        } catch (IOException e) {
            return JSON.createObjectNode(); // a run being written, or a broken file: listed with what is readable
        }
    }

    private static String text(JsonNode n, String field) {
        JsonNode v = n.path(field);
        return v.isMissingNode() || v.isNull() ? "" : v.asText();
    }

    private static String system(JsonNode config) {
        String s = text(config, "system");
        // Runs from before systems were named ran Faultline's own nodes.
        return (s.isEmpty() ? "faultline" : s) + ", " + text(config, "nodes") + " nodes, " + text(config, "workload");
    }

    /** The flags given to the nodes: faultline's node-flags, etcd's flags, or (older runs) the top-level field. */
    private static String nodeFlags(JsonNode config) {
        JsonNode opts = config.path("system-options");
        for (String k : List.of("node-flags", "flags")) {
            if (!text(opts, k).isEmpty()) return text(opts, k);
        }
        return text(config, "node-flags");
    }

    private static String nemesis(JsonNode config) {
        JsonNode n = config.path("nemesis");
        if (n.isArray()) {
            List<String> names = new ArrayList<>();
            n.forEach(x -> names.add(x.asText()));
            return names.isEmpty() ? "none" : String.join(",", names);
        }
        return n.isMissingNode() ? "" : n.asText();
    }
}
