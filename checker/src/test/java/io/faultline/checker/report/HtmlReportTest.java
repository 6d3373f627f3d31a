package io.faultline.checker.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.faultline.checker.CheckOptions;
import io.faultline.checker.CheckResult;
import io.faultline.checker.Checker;
import io.faultline.checker.bench.HistoryGenerator;
import io.faultline.checker.history.History;
import io.faultline.checker.history.Op;
import io.faultline.checker.model.Model;
import io.faultline.checker.model.Models;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HtmlReportTest {
    @TempDir
    Path dir;

    private static final String EVIL = "</script><script>alert(1)</script>";

    private static List<Op> staleReadWithHostileStrings() {
        List<Op> ops = new ArrayList<>();
        ops.add(Op.of(0, 0, Op.Type.INVOKE, "put", EVIL, "<b>1</b>"));
        ops.add(Op.of(1, 0, Op.Type.OK, "put", EVIL, "<b>1</b>"));
        ops.add(new Op(2, Op.NEMESIS, Op.Type.INFO, "start-partition", null, "<img src=x onerror=alert(2)>", null, null, Map.of()));
        ops.add(Op.of(3, 0, Op.Type.INVOKE, "put", EVIL, "2"));
        ops.add(Op.of(4, 0, Op.Type.OK, "put", EVIL, "2"));
        ops.add(new Op(5, Op.NEMESIS, Op.Type.INFO, "stop-partition", null, null, null, null, Map.of()));
        ops.add(Op.of(6, 1, Op.Type.INVOKE, "get", EVIL, null));
        ops.add(Op.of(7, 1, Op.Type.OK, "get", EVIL, "<b>1</b>"));
        return ops;
    }

    @Test
    void everyHistoryStringIsEscaped() throws IOException {
        List<Op> ops = staleReadWithHostileStrings();
        CheckResult r = Checker.check(ops, Models.byName("kv"), CheckOptions.defaults());
        Path file = dir.resolve("report.html");
        HtmlReport.write(r, ops, file);
        String html = Files.readString(file);
        assertFalse(html.contains("<script>alert"), "no injected script element");
        assertFalse(html.contains("<img src=x"), "no injected element");
        assertFalse(html.contains("<b>1</b>"), "values are not markup");
        assertTrue(html.contains("&lt;/script&gt;&lt;script&gt;alert(1)"), "the key shows as text");
        assertTrue(html.contains("not linearizable"));
        assertEquals(2, count(html, "<script"), "only the data block and the report's own script");
        for (String fetch : List.of("src=\"http", "href=\"http", "url(", "@import", "fetch(", "XMLHttpRequest")) {
            assertFalse(html.contains(fetch), "nothing is fetched: " + fetch);
        }
        assertTrue(html.contains("default-src 'none'"), "and the page forbids it");
        assertTrue(html.contains("start-partition"), "fault band data is present");
    }

    @Test
    void aHundredThousandOpHistoryGivesAReportSmallerThanItsHistory() throws IOException {
        List<Op> ops = HistoryGenerator.generate(new HistoryGenerator.Spec("kv", 20, 100, 50_000, 1, 5_000, 42));
        assertTrue(ops.size() >= 100_000, "history of " + ops.size() + " lines");
        // One stale read on one key makes a violation in one partition.
        int victim = -1;
        for (int i = ops.size() / 2; i < ops.size(); i++) {
            Op op = ops.get(i);
            if (op.type() == Op.Type.OK && op.f().equals("get")) {
                victim = i;
                break;
            }
        }
        Op old = ops.get(victim);
        ops = new ArrayList<>(ops);
        ops.set(victim, new Op(old.index(), old.process(), old.type(), old.f(), old.key(), "never-written",
                old.time(), null, Map.of()));
        Model kv = Models.byName("kv");
        CheckResult r = Checker.check(History.of(ops), kv, CheckOptions.defaults().withCheckAll(true));
        Path file = dir.resolve("big.html");
        HtmlReport.write(r, ops, file);
        long size = Files.size(file);
        Path history = dir.resolve("big.jsonl");
        io.faultline.checker.history.HistoryWriter.writeAll(history, ops);
        assertTrue(size < Files.size(history), "report is " + size + " bytes, history " + Files.size(history));
        String html = Files.readString(file);
        assertTrue(html.contains("never-written"));
        assertFalse(html.contains("<iframe"), "one page");
    }

    @Test
    void thePageDataHoldsTheOperationsAsColumnsOfDeltas() throws IOException {
        List<Op> ops = List.of(
                new Op(0, 3, Op.Type.INVOKE, "put", "k1", "a", 1_000_000L, null, Map.of()),
                new Op(1, 4, Op.Type.INVOKE, "cas", "k1", java.util.Arrays.asList(null, "b"), 1_500_000L, null, Map.of()),
                new Op(2, 3, Op.Type.OK, "put", "k1", "a", 3_000_400L, null, Map.of(Op.NODE, "n2")),
                new Op(3, 4, Op.Type.FAIL, "cas", "k1", java.util.Arrays.asList(null, "b"), 4_000_000L, "cas mismatch",
                        Map.of(Op.NODE, "n1")),
                new Op(4, 5, Op.Type.INVOKE, "get", "k2", null, 5_000_000L, null, Map.of()));
        String html = HtmlReport.render(Checker.check(ops, Models.byName("kv"), CheckOptions.defaults()), History.of(ops));
        String open = "id=\"faultline-data\">";
        int from = html.indexOf(open) + open.length();
        JsonNode data = new ObjectMapper().readTree(html.substring(from, html.indexOf("</script>", from)));
        JsonNode c = data.get("ops");
        assertEquals(3, c.get("n").asInt());
        assertEquals(List.of(0L, 1L, 3L), longs(c.get("id")), "invocation indices as deltas: 0, 1, 4");
        assertEquals(List.of(2L, 2L, 0L), longs(c.get("done")), "completion index minus invocation index; 0: none");
        assertEquals(List.of(1000L, 500L, 3500L), longs(c.get("s")), "invocation times in microseconds, as deltas");
        assertEquals(List.of(2000L, 2500L, -1L), longs(c.get("d")), "durations in microseconds; -1: never completed");
        assertEquals(List.of("ok", "fail", "open"), List.of(data.get("types").get(c.get("type").get(0).asInt()).asText(),
                data.get("types").get(c.get("type").get(1).asInt()).asText(),
                data.get("types").get(c.get("type").get(2).asInt()).asText()));
        assertEquals("a", c.get("value").get(0).asText(), "a string value as itself, not a quoted copy");
        assertTrue(c.get("value").get(1).get(0).isNull() && c.get("value").get(1).get(1).asText().equals("b"), "a cas pair");
        assertEquals(List.of(1L, 0L), longs(c.get("error")), "only the op with an error: row 1, error 0");
        assertEquals("cas mismatch", data.get("errors").get(0).asText());
        assertEquals("n1", data.get("nodes").get(c.get("node").get(1).asInt()).asText());
        assertEquals(-1, c.get("node").get(2).asInt(), "no node for an op that never completed");
        assertEquals("k2", data.get("keys").get(c.get("key").get(2).asInt()).asText());
    }

    private static List<Long> longs(JsonNode array) {
        List<Long> out = new ArrayList<>();
        array.forEach(n -> out.add(n.asLong()));
        return out;
    }

    @Test
    void resultJsonCarriesTheVerdictAndDetails() throws IOException {
        List<Op> ops = staleReadWithHostileStrings();
        CheckResult r = Checker.check(ops, Models.byName("kv"), CheckOptions.defaults());
        Path file = dir.resolve("result.json");
        ResultJson.write(r, file);
        JsonNode json = new ObjectMapper().readTree(file.toFile());
        assertEquals("not linearizable", json.get("verdict").asText());
        assertFalse(json.get("linearizable").asBoolean());
        JsonNode v = json.get("partitions").get(0).get("violation");
        assertEquals(6, v.get("blocking").get("invokeIndex").asLong());
        assertTrue(v.get("explanation").asText().contains("not linearizable"));
        assertEquals(3, v.get("shrunk").size());
    }

    @Test
    void theStoryNamesTheStaleReadTheWriteItMissedAndTheNodeThatServedIt() throws IOException {
        List<Op> ops = new ArrayList<>();
        ops.add(new Op(0, 0, Op.Type.INVOKE, "put", "k", "a", 1_000_000_000L, null, Map.of()));
        ops.add(new Op(1, 0, Op.Type.OK, "put", "k", "a", 1_100_000_000L, null, Map.of("node", "n1")));
        ops.add(new Op(2, 0, Op.Type.INVOKE, "put", "k", "b", 2_000_000_000L, null, Map.of()));
        ops.add(new Op(3, 0, Op.Type.OK, "put", "k", "b", 2_100_000_000L, null, Map.of("node", "n1")));
        ops.add(new Op(4, 1, Op.Type.INVOKE, "get", "k", null, 3_000_000_000L, null, Map.of()));
        ops.add(new Op(5, 1, Op.Type.OK, "get", "k", "a", 3_050_000_000L, null,
                Map.of("node", "n3", "term", 2L, "leader", "n3")));
        History h = History.of(ops);
        CheckResult r = Checker.check(h, Models.byName("kv"), CheckOptions.defaults());
        Map<String, Object> story = FailureStory.of(r, h);
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> steps = (List<Map<String, Object>>) story.get("ops");
        Map<Long, String> marks = new java.util.HashMap<>();
        for (Map<String, Object> st : steps) marks.put((Long) st.get("id"), (String) st.get("mark"));
        assertEquals("stale-read", marks.get(4L));
        assertEquals("missed-write", marks.get(2L));
        assertEquals("read-from", marks.get(0L));
        Map<String, Object> read = steps.stream().filter(st -> st.get("id").equals(4L)).findFirst().orElseThrow();
        assertEquals("n3", read.get("node"));
        assertEquals(2L, read.get("term"), "the term the serving node reported");
        assertEquals("n3", read.get("leader"), "and the leader it named: itself, in a stale term");
        assertFalse(steps.stream().filter(st -> st.get("id").equals(2L)).findFirst().orElseThrow().containsKey("term"),
                "a history without the field has none");
        assertEquals(3.0, (Double) read.get("s"), 1e-9, "run seconds");
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> states = (List<Map<String, Object>>) story.get("states");
        assertEquals(List.of("\"a\"", "\"b\""), states.stream().map(m -> m.get("state")).toList(),
                "the model's state after each step of the prefix");
        String html = HtmlReport.render(r, h);
        assertTrue(html.contains("\"story\""), "the page carries the story for its script");
        assertTrue(html.contains("<section id=\"story\">"));
    }

    @Test
    void aReadGoingBackAfterAnotherReadSawAnUnknownWriteMissedThatWrite() {
        List<Op> ops = new ArrayList<>();
        ops.add(new Op(0, 0, Op.Type.INVOKE, "put", "k", "a", 1_000_000_000L, null, Map.of()));
        ops.add(new Op(1, 0, Op.Type.OK, "put", "k", "a", 1_100_000_000L, null, Map.of("node", "n1")));
        ops.add(new Op(2, 1, Op.Type.INVOKE, "put", "k", "b", 2_000_000_000L, null, Map.of()));
        ops.add(new Op(3, 1, Op.Type.INFO, "put", "k", "b", 2_500_000_000L, "timeout", Map.of("node", "n1")));
        ops.add(new Op(4, 2, Op.Type.INVOKE, "get", "k", null, 3_000_000_000L, null, Map.of()));
        ops.add(new Op(5, 2, Op.Type.OK, "get", "k", "b", 3_100_000_000L, null, Map.of("node", "n2")));
        ops.add(new Op(6, 3, Op.Type.INVOKE, "get", "k", null, 3_200_000_000L, null, Map.of()));
        ops.add(new Op(7, 3, Op.Type.OK, "get", "k", "a", 3_300_000_000L, null, Map.of("node", "n3")));
        History h = History.of(ops);
        CheckResult r = Checker.check(h, Models.byName("kv"), CheckOptions.defaults());
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> steps = (List<Map<String, Object>>) FailureStory.of(r, h).get("ops");
        Map<String, Object> read = steps.stream().filter(st -> st.get("id").equals(6L)).findFirst().orElseThrow();
        assertEquals("stale-read", read.get("mark"));
        assertEquals(2L, read.get("missed"), "the unknown put of b, which process 2 read first");
        Map<String, Object> write = steps.stream().filter(st -> st.get("id").equals(2L)).findFirst().orElseThrow();
        assertEquals(2L, write.get("seenBy"));
        assertEquals(3.1, (Double) write.get("seenAt"), 1e-9);
    }

    private static int count(String s, String part) {
        int n = 0;
        for (int i = s.indexOf(part); i >= 0; i = s.indexOf(part, i + 1)) {
            n++;
        }
        return n;
    }
}
