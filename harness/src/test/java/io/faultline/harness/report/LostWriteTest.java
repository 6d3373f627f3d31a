package io.faultline.harness.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.faultline.checker.CheckOptions;
import io.faultline.checker.CheckResult;
import io.faultline.checker.Checker;
import io.faultline.checker.verdict.Verdict;
import io.faultline.checker.history.History;
import io.faultline.checker.history.Op;
import io.faultline.checker.model.Models;
import io.faultline.checker.report.HtmlReport;
import io.faultline.harness.cluster.ClusterHealth;
import io.faultline.harness.nemesis.Effect;
import io.faultline.harness.nemesis.Nemesis;
import io.faultline.harness.run.Judgement;
import io.faultline.harness.run.RunConfig;
import io.faultline.harness.run.RunStatus;
import io.faultline.harness.run.RunSummary;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The lost-fsync run of the issue, as its story read: process 23's get "k0" returned "12-25"
 * and missed put "k0" "22-24" (acknowledged at 35.899 s by n2), while every node had been
 * killed at 36.6 s in between and n2's log said at restart that its log was cut from 565 to
 * 545. The story must call that a lost write, name the kill and quote the line.
 */
class LostWriteTest {
    @TempDir
    Path dir;

    private static final Instant ZERO = Instant.parse("2026-12-01T10:00:00Z");
    private static final long KILL_ALL = 36_600;

    private static Op call(long i, long p, String f, Object v, long ms) {
        return new Op(i, p, Op.Type.INVOKE, f, "k0", v, ms * 1_000_000, null, null);
    }

    private static Op ok(long i, long p, String f, Object v, long ms, String node) {
        return new Op(i, p, Op.Type.OK, f, "k0", v, ms * 1_000_000, null, Map.of("node", node));
    }

    /** The shape; {@code laterRead}: a last get's value, or null for none. */
    private static List<Op> history(boolean killBetween, String laterRead) {
        return history(killBetween, laterRead, "kill-all", Map.of());
    }

    private static List<Op> history(boolean killBetween, String laterRead, String kind, Map<String, Object> extra) {
        List<Op> ops = new ArrayList<>(List.of(
                call(0, 12, "put", "12-25", 30_000),
                ok(1, 12, "put", "12-25", 30_020, "n2"),
                call(2, 22, "put", "22-24", 35_850),
                ok(3, 22, "put", "22-24", 35_899, "n2")));
        long at = killBetween ? KILL_ALL : 44_000;
        ops.add(new Op(4, Op.NEMESIS, Op.Type.INFO, "start-" + kind, null, "kill n2 n1 n3 (all, leader n2 first)",
                at * 1_000_000, null, extra));
        ops.add(new Op(5, Op.NEMESIS, Op.Type.INFO, "stop-" + kind, null, "kill n2 n1 n3 (all, leader n2 first)",
                (at + 3_000) * 1_000_000, null, extra));
        ops.add(call(6, 23, "get", null, 41_000));
        ops.add(ok(7, 23, "get", "12-25", 41_200, "n1"));
        if (laterRead != null) {
            ops.add(call(8, 24, "get", null, 50_000));
            ops.add(ok(9, 24, "get", laterRead, 50_010, "n2"));
        }
        ops.sort(java.util.Comparator.comparing(Op::time));
        List<Op> renumbered = new ArrayList<>();
        for (Op o : ops) renumbered.add(o.withIndex(renumbered.size()));
        return renumbered;
    }

    private JsonNode story(List<Op> ops, long killAt) throws Exception {
        List<Nemesis.Injected> faults = List.of(new Nemesis.Injected("kill-all", "kill n2 n1 n3 (all, leader n2 first)",
                killAt * 1_000_000, (killAt + 3_000) * 1_000_000, null,
                Map.of(1, Effect.DOWN, 2, Effect.DOWN, 3, Effect.DOWN)));
        Path nodes = Files.createDirectories(dir.resolve("nodes"));
        Files.writeString(nodes.resolve("n2.log"), String.join("\n",
                "2026-12-01T10:00:35.899Z n2 t2 leader    applied 565",
                "=== faultline: node start 2026-12-01T10:00:39.600000000Z",
                "2026-12-01T10:00:40.100Z n2 t2 follower  WARNING --unsafe-lost-fsync: simulated power loss: log cut "
                        + "from 565 to 545 (last simulated sync), commit 563 -> 545",
                "2026-12-01T10:00:40.300Z n2 t2 follower  serving clients"));
        Files.writeString(nodes.resolve("n1.log"), "2026-12-01T10:00:40.200Z n1 t2 follower  serving clients\n");
        CheckResult r = Checker.check(History.of(ops), Models.byName("kv"), CheckOptions.defaults());
        Judgement j = new Judgement(r.verdict(), r.verdict().name(), Map.of(), HtmlReport.parts(r, History.of(ops)));
        RunSummary s = new RunSummary(RunConfig.defaults(Path.of("/tmp")).withSeed(5), "run-1", ZERO,
                ZERO.plusSeconds(60), RunStatus.VIOLATION, "summary", RunSummary.countOps(ops), faults, 1,
                new ClusterHealth.Recovery(true, 800, List.of("n1: leader")), List.of(), j, null);
        Path file = dir.resolve("report.html");
        ReportWriter.write(file, s, ops, ZERO);
        String html = Files.readString(file);
        String open = "<script type=\"application/json\" id=\"faultline-data\">";
        int at = html.indexOf(open) + open.length();
        assertEquals(Verdict.NOT_LINEARIZABLE, r.verdict());
        return new ObjectMapper().readTree(html.substring(at, html.indexOf("</script>", at))).get("story");
    }

    @Test
    void aWriteAcknowledgedBeforeAKillOfEveryNodeAndNeverReadAgainIsLost() throws Exception {
        List<Op> ops = history(true, null);
        JsonNode lost = story(ops, KILL_ALL).get("lost");
        assertTrue(lost != null && !lost.isNull(), "the story names a lost write");
        long put = ops.stream().filter(o -> "22-24".equals(o.value()) && o.type() == Op.Type.INVOKE).findFirst()
                .orElseThrow().index();
        assertEquals(put, lost.get("write").asLong(), "the lost write is put k0 22-24");
        JsonNode fault = lost.get("faults").get(0);
        assertEquals(36.6, fault.get(0).asDouble(), 1e-9);
        assertEquals("kill-all", fault.get(1).asText());
        JsonNode line = lost.get("logs").get(0);
        assertEquals("n2", line.get(0).asText());
        assertEquals(40.1, line.get(1).asDouble(), 1e-9, "in run seconds");
        assertTrue(line.get(2).asText().contains("log cut from 565 to 545"), line.toString());
        assertEquals(1, lost.get("logs").size(), "only the lines that tell of the loss: " + lost.get("logs"));
    }

    @Test
    void aRealPowerLossIsToldByWhatTheFileSystemDropped() throws Exception {
        List<Op> ops = history(true, null, "power-loss", Map.of("lost",
                Map.of("n2", "dropped 5903 unsynced bytes in 1 files (kept 0)")));
        JsonNode logs = story(ops, KILL_ALL).get("lost").get("logs");
        assertEquals("n2", logs.get(0).get(0).asText());
        assertEquals("power-loss: dropped 5903 unsynced bytes in 1 files (kept 0)", logs.get(0).get(2).asText());
        assertTrue(logs.get(1).get(2).asText().contains("log cut from 565 to 545"), "then the node's own line");
    }

    @Test
    void withoutAFaultBetweenItIsAStaleReadNotALoss() throws Exception {
        assertFalse(story(history(false, null), 44_000).has("lost"));
    }

    @Test
    void aWriteALaterReadStillReturnsIsNotLost() throws Exception {
        assertFalse(story(history(true, "22-24"), KILL_ALL).has("lost"));
    }

    /**
     * NATS 2.9.10's lost stream (histories/findings/nats-2.9.10-power-loss): writes acknowledged,
     * a power loss of every node, and from then on every get fails "stream not found". The checker
     * passes it; the report must say which acknowledged writes no read could see again, and quote
     * what the fault dropped and the node's line about the stream's metadata.
     */
    @Test
    void writesWhoseKeysNoReadCouldSeeAgainAfterAPowerLossAreTold() throws Exception {
        List<Op> ops = lostStream(false);
        Map<String, Object> u = ReportWriter.unreadableWrites(ops).orElseThrow();
        assertEquals(2, u.get("writes"), "both puts of k0 before the power loss");
        assertEquals(List.of("k0"), u.get("keys"));
        assertEquals(2, u.get("failed-reads"));
        assertEquals(List.of(List.of("404/10059: stream not found", 2L)), u.get("errors"));
        assertEquals("power-loss", ((List<?>) u.get("fault")).get(1));

        Path nodes = Files.createDirectories(dir.resolve("nodes"));
        Files.writeString(nodes.resolve("n1.log"), String.join("\n",
                "[92] 2026/12/01 10:00:38.128916 [WRN]   Stream metafile \"/data/nats/jetstream/$G/streams/KV_faultline/"
                        + "meta.inf\": checksums do not match \"\" vs \"ada9b4632bcc019f\"",
                "[92] 2026/12/01 10:00:38.242835 [INF] JetStream cluster new metadata leader: n2/faultline"));
        RunConfig c = RunConfig.defaults(Path.of("/tmp")).withSeed(1)
                .with(io.faultline.harness.run.RunOptions.SYSTEM, "nats").with(io.faultline.harness.run.RunOptions.NODES, 3);
        RunSummary s = new RunSummary(c, "run-1", ZERO,
                ZERO.plusSeconds(60), RunStatus.NOT_RECOVERED, "summary", RunSummary.countOps(ops), List.of(), 1,
                new ClusterHealth.Recovery(false, 20_000, List.of("n1: no answer")), List.of("k0"), null, null);
        ReportWriter.write(dir.resolve("report.html"), s, ops, ZERO);
        String html = Files.readString(dir.resolve("report.html"));
        assertTrue(html.contains("Acknowledged writes no read could see again"), "the report tells it");
        assertTrue(html.contains("checksums do not match"), "with the node's line about the stream's metadata");
        assertTrue(html.contains("dropped 24576 unsynced bytes"), "and what the power loss dropped");

        assertTrue(ReportWriter.unreadableWrites(lostStream(true)).isEmpty(), "a key read again after the fault is not lost");
    }

    /** Two puts of k0, a power loss at 36.6 s, then two gets that fail (and, with {@code readAgain}, one that answers). */
    private static List<Op> lostStream(boolean readAgain) {
        List<Op> ops = new ArrayList<>(List.of(
                call(0, 1, "put", "1-1", 30_000), ok(1, 1, "put", "1-1", 30_020, "n1"),
                call(2, 2, "put", "2-1", 31_000), ok(3, 2, "put", "2-1", 31_020, "n2"),
                new Op(4, Op.NEMESIS, Op.Type.INFO, "start-power-loss", null, "power loss of n1 n2 n3",
                        KILL_ALL * 1_000_000, null, Map.of("lost", Map.of("n1", "dropped 24576 unsynced bytes in 16 files"))),
                new Op(5, Op.NEMESIS, Op.Type.INFO, "stop-power-loss", null, "power loss of n1 n2 n3",
                        (KILL_ALL + 3_000) * 1_000_000, null, Map.of()),
                call(6, 1, "get", null, 40_000),
                new Op(7, 1, Op.Type.FAIL, "get", "k0", null, 40_010_000_000L, "404/10059: stream not found", Map.of()),
                call(8, 2, "get", null, 41_000),
                new Op(9, 2, Op.Type.FAIL, "get", "k0", null, 41_010_000_000L, "404/10059: stream not found", Map.of())));
        if (readAgain) {
            ops.add(call(10, 3, "get", null, 50_000));
            ops.add(ok(11, 3, "get", "2-1", 50_010, "n3"));
        }
        return ops;
    }
}
