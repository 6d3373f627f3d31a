package io.faultline.harness.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RunsIndexTest {
    @TempDir
    Path root;

    private void run(String name, String status, int exit, String flags) throws Exception {
        Path d = Files.createDirectories(root.resolve(name));
        Files.writeString(d.resolve("result.json"), "{\"run\":\"" + name + "\",\"status\":\"" + status + "\",\"exit-code\":" + exit
                + ",\"summary\":\"<b>" + status + "</b>\",\"seed\":7,\"started\":\"2026-11-29T10:00:00Z\","
                + "\"finished\":\"2026-11-29T10:00:42Z\"}");
        Files.writeString(d.resolve("config.json"), "{\"seed\":7,\"system\":\"faultline\",\"system-options\":"
                + "{\"node-flags\":\"" + flags + "\"},\"nodes\":3,\"workload\":\"kv\","
                + "\"nemesis\":[\"partition-leader\",\"kill\"]}");
        Files.writeString(d.resolve("report.html"), "<html></html>");
    }

    @Test
    void oneRowPerRunNewestFirstWithVerdictSeedSystemNemesesFlagsDurationAndReportLink() throws Exception {
        run("20261129T100000Z-kv-7", "linearizable", 0, "");
        run("20261129T110000Z-kv-8", "violation", 1, "--unsafe-stale-reads");
        Files.createDirectories(root.resolve("not-a-run"));
        Path index = RunsIndex.rebuild(root);
        String html = Files.readString(index);
        List<RunsIndex.Row> rows = RunsIndex.rows(root);
        assertEquals(List.of("20261129T110000Z-kv-8", "20261129T100000Z-kv-7"), rows.stream().map(RunsIndex.Row::dir).toList());
        assertEquals("partition-leader,kill", rows.get(0).nemesis());
        assertEquals("faultline, 3 nodes, kv", rows.get(0).system());
        assertEquals("--unsafe-stale-reads", rows.get(0).nodeFlags());
        assertTrue(html.indexOf("kv-8") < html.indexOf("kv-7"));
        assertTrue(html.contains("<tr class=\"violation\">") && html.contains("<tr class=\"linearizable\">"), "verdict colour");
        assertTrue(html.contains("<a href=\"20261129T110000Z-kv-8/report.html\">"));
        assertTrue(html.contains("--unsafe-stale-reads"));
        assertTrue(html.contains("42 s"), "duration");
        assertFalse(html.contains("<b>violation</b>"), "summaries are escaped");
        assertTrue(html.contains("<a href=\"latest/report.html\">latest</a>"));
        assertTrue(Files.isSymbolicLink(root.resolve("latest")));
        assertEquals(root.resolve("20261129T110000Z-kv-8").toRealPath(), root.resolve("latest").toRealPath());

        run("20261129T120000Z-kv-9", "not-recovered", 4, "");
        RunsIndex.rebuild(root);
        assertEquals(root.resolve("20261129T120000Z-kv-9").toRealPath(), root.resolve("latest").toRealPath(),
                "rebuilt after every run: latest moves on");
        assertEquals(3, RunsIndex.rows(root).size(), "the latest link is not listed as a run");
    }

    @Test
    void junitXmlHasOneCaseARunWithViolationsAsFailuresAndOtherOutcomesAsErrors() throws Exception {
        Path xml = root.resolve("junit.xml");
        JUnitXml.write(xml, "faultline.run", List.of(
                new JUnitXml.Case("a (seed 1)", "linearizable", 40, "ok", "/r/a/report.html"),
                new JUnitXml.Case("b (seed 2)", "violation", 41, "not <linearizable>", "/r/b/report.html"),
                new JUnitXml.Case("c (seed 3)", "not-recovered", 42, "stuck", "/r/c/report.html")));
        String x = Files.readString(xml);
        assertTrue(x.contains("tests=\"3\" failures=\"1\" errors=\"1\""), x);
        assertTrue(x.contains("<failure message=\"violation: not &lt;linearizable&gt;\""), x);
        assertTrue(x.contains("<error message=\"not-recovered: stuck\" type=\"not-recovered\""), x);
        assertEquals(3, x.split("<testcase ").length - 1);
        javax.xml.parsers.DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(xml.toFile());
    }
}
