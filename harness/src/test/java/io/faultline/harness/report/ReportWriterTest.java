package io.faultline.harness.report;

import io.faultline.checker.verdict.Verdict;
import io.faultline.harness.run.RunSummary;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.faultline.checker.CheckOptions;
import io.faultline.checker.CheckResult;
import io.faultline.checker.Checker;
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
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReportWriterTest {
    @TempDir
    Path dir;

    private static final Instant ZERO = Instant.parse("2026-11-25T18:00:00Z");

    private static Op op(long i, long p, Op.Type t, String f, Object v, long ms) {
        return new Op(i, p, t, f, "k1", v, ms * 1_000_000, null, null);
    }

    private static Op done(long i, long p, Op.Type t, String f, Object v, long ms, String node) {
        return new Op(i, p, t, f, "k1", v, ms * 1_000_000, null, Map.of("node", node));
    }

    private static final List<Op> HISTORY = List.of(
            op(0, 0, Op.Type.INVOKE, "put", "0-1", 100),
            op(1, 0, Op.Type.OK, "put", "0-1", 105),
            new Op(2, Op.NEMESIS, Op.Type.INFO, "start-kill", null, "kill n1", 1_000_000_000L, null, null),
            op(3, 1, Op.Type.INVOKE, "get", null, 1200),
            op(4, 1, Op.Type.FAIL, "get", null, 1300),
            op(5, 3, Op.Type.INVOKE, "cas", null, 1500),
            new Op(6, 3, Op.Type.FAIL, "cas", "k1", null, 1_600_000_000L, "cas mismatch", null),
            op(7, 0, Op.Type.INVOKE, "put", "0-2", 1400),
            op(8, 0, Op.Type.INFO, "put", "0-2", 2900),
            new Op(9, Op.NEMESIS, Op.Type.INFO, "stop-kill", null, "kill n1", 3_000_000_000L, null, null),
            op(10, 2, Op.Type.INVOKE, "get", null, 3100),
            op(11, 2, Op.Type.OK, "get", "<b>0-2</b>", 3110),
            op(12, 4, Op.Type.INVOKE, "put", "4-1", 3200),
            op(13, 5, Op.Type.INVOKE, "put", "5-1", 5900)); // neither completes: the cluster answers nothing after 3.2 s

    private static RunSummary summary(RunStatus status, List<Op> ops, List<Nemesis.Injected> faults, Judgement j) {
        return new RunSummary(RunConfig.defaults(Path.of("/tmp")).withSeed(5), "run-1", ZERO, ZERO.plusSeconds(40),
                status, "summary line", RunSummary.countOps(ops), faults, faults.size() + 1,
                new ClusterHealth.Recovery(true, 800, List.of("n1: leader")), List.of(), j, null);
    }

    @Test
    void theSeriesCountCasMismatchesApartAndShowZeroAvailabilityWhenNothingCompletes() {
        RunSeries s = RunSeries.of(HISTORY);
        assertEquals(1.0, s.step());
        assertEquals(List.of(0.0, 0.0, 0.0, 1.0, 0.0, 0.0), s.throughput().get("get"), "answered gets per second");
        assertEquals(1.0, s.throughput().get("cas").get(1), "a cas mismatch is an answer");
        assertEquals(1.0, s.failed().get(1), "the failed read, not the cas");
        assertEquals(1.0, s.unknown().get(2));
        assertEquals(50.0, s.availability().get(1), "1 of 2 completions in second 1 answered");
        assertEquals(0.0, s.availability().get(4), "an op waited through second 4 and nothing completed: 0 %, not blank");
        assertEquals(0.0, s.availability().get(2), "only an unknown outcome in second 2");
        Map<String, List<Double>> all = s.quantiles().get(RunSeries.ALL);
        assertEquals(5.0, all.get("p50").get(0));
        assertEquals(10.0, all.get("max").get(3));
        assertNull(all.get("p99").get(4), "no answer, no quantile");
        assertEquals(Map.of("ok", 1L, "info", 1L), RunSummary.countOps(HISTORY).get("put"));
        assertEquals(Map.of(RunSummary.CAS_MISMATCH, 1L), RunSummary.countOps(HISTORY).get("cas"));
    }

    @Test
    void quantilesAreNearestRank() {
        double[] v = new double[100];
        for (int i = 0; i < 100; i++) v[i] = i + 1;
        assertEquals(50.0, RunSeries.quantile(v, 0.5));
        assertEquals(95.0, RunSeries.quantile(v, 0.95));
        assertEquals(99.0, RunSeries.quantile(v, 0.99));
        assertNull(RunSeries.quantile(new double[0], 0.5));
    }

    @Test
    void everyRunStatusHasAColouredBadge() throws Exception {
        // The badge is white text: a status without a background of its own is invisible.
        String css;
        try (var in = HtmlReport.class.getResourceAsStream("/io/faultline/checker/report/report.css")) {
            css = new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        }
        for (RunStatus status : RunStatus.values()) {
            assertTrue(css.contains(".verdict.status-" + status.wireName()), status + " has no badge colour");
        }
    }

    @Test
    void aViolationOnlyTheNodeLogsShowIsNotCalledNotLinearizable() {
        Judgement passed = new Judgement(Verdict.LINEARIZABLE, "linearizable", Map.of(), null);
        Judgement failed = new Judgement(Verdict.NOT_LINEARIZABLE, "not linearizable", Map.of(), null);
        assertEquals("Raft safety broken", ReportWriter.badge(summary(RunStatus.VIOLATION, List.of(), List.of(), passed)));
        assertEquals("NOT linearizable", ReportWriter.badge(summary(RunStatus.VIOLATION, List.of(), List.of(), failed)));
        assertEquals("linearizable", ReportWriter.badge(summary(RunStatus.LINEARIZABLE, List.of(), List.of(), passed)));
    }

    @Test
    void theReportIsOnePageWithOneDataBlockAndNoIframe() throws Exception {
        List<Nemesis.Injected> faults = List.of(new Nemesis.Injected("kill", "kill n1", 1_000_000_000L, 3_000_000_000L, null, Map.of(1, Effect.DOWN)));
        String html = ReportWriter.render(summary(RunStatus.LINEARIZABLE, HISTORY, faults,
                new Judgement(Verdict.LINEARIZABLE, "linearizable in 0.1 s", Map.of(), null)), HISTORY);
        assertFalse(html.contains("<iframe"), "the checker's content is inline");
        assertEquals(2, html.split("<script").length - 1, "one data block and one script");
        assertEquals(1, html.split("id=\"faultline-data\"").length - 1);
        assertFalse(html.contains("<b>0-2</b>"), "values are escaped");
        assertTrue(html.contains("recovered in 0.80 s"), "seconds in run reports");
        assertTrue(html.contains("--seed 5"));
        assertEquals(1, html.split("summary line").length - 1, "the verdict's summary appears once");
        assertTrue(html.contains("Did the faults bite?"));
        assertTrue(html.contains("<th>cas mismatch</th>"));
        JsonNode data = new ObjectMapper().readTree(dataBlock(html));
        assertEquals(7, data.get("ops").get("n").asInt(), "one row per client op, for timeline and latency dots alike");
        assertTrue(data.get("run").get("quantiles").has("all"));
    }

    @Test
    void aViolationReportTellsTheStoryWithTheServingNodesRoleAndLogInRunSeconds() throws Exception {
        List<Op> ops = List.of(
                op(0, 0, Op.Type.INVOKE, "put", "a", 10_000),
                done(1, 0, Op.Type.OK, "put", "a", 10_010, "n1"),
                new Op(2, Op.NEMESIS, Op.Type.INFO, "start-partition", null, "partition leader n1 | n2 n3",
                        10_050_000_000L, null, null),
                op(3, 1, Op.Type.INVOKE, "put", "b", 10_100),
                done(4, 1, Op.Type.OK, "put", "b", 10_110, "n2"),
                op(5, 2, Op.Type.INVOKE, "get", null, 10_200),
                done(6, 2, Op.Type.OK, "get", "a", 10_300, "n1"),
                new Op(7, Op.NEMESIS, Op.Type.INFO, "stop-partition", null, "partition leader n1 | n2 n3",
                        12_000_000_000L, null, null));
        List<Nemesis.Injected> faults = List.of(
                new Nemesis.Injected("partition", "partition leader n1 | n2 n3", 10_050_000_000L, 12_000_000_000L, null, Map.of(1, Effect.CUT_OFF)));
        Path nodes = Files.createDirectories(dir.resolve("nodes"));
        Files.writeString(nodes.resolve("n1.log"), String.join("\n",
                "2026-11-25T18:00:01.000Z n1 t1 leader    became leader",
                "2026-11-25T18:00:10.250Z n1 t1 leader    still serving reads",
                "2026-11-25T18:00:20.000Z n1 t2 follower  became follower"));
        Files.writeString(nodes.resolve("n2.log"), String.join("\n",
                "2026-11-25T18:00:01.000Z n2 t1 follower  leader is n1",
                "2026-11-25T18:00:10.080Z n2 t2 leader    became leader"));
        Files.writeString(nodes.resolve("n3.log"), "2026-11-25T18:00:01.000Z n3 t1 follower  leader is n1\n");
        CheckResult r = Checker.check(History.of(ops), Models.byName("kv"), CheckOptions.defaults());
        Judgement j = new Judgement(Verdict.NOT_LINEARIZABLE, "not linearizable", Map.of(),
                HtmlReport.parts(r, History.of(ops)));
        Path file = dir.resolve("report.html");
        ReportWriter.write(file, summary(RunStatus.VIOLATION, ops, faults, j), ops, ZERO);
        String html = Files.readString(file);
        JsonNode data = new ObjectMapper().readTree(dataBlock(html));
        JsonNode story = data.get("story");
        JsonNode read = null;
        for (JsonNode o : story.get("ops")) if (o.get("id").asLong() == 5) read = o;
        assertEquals("stale-read", read.get("mark").asText());
        assertEquals("n1", read.get("node").asText(), "the node that served the stale read");
        assertTrue(story.get("logs").has("n1") && story.get("logs").has("n2"), "logs of the serving nodes");
        assertFalse(story.get("logs").has("n3"), "n3 served none of the story's ops");
        JsonNode line = story.get("logs").get("n1").get(0);
        assertEquals(10.25, line.get(0).asDouble(), 1e-9, "log times in run seconds");
        assertTrue(line.get(1).asText().contains("still serving reads"));
        JsonNode n1 = data.get("lanes").get("segs").get("n1");
        assertEquals("leader", n1.get(0).get(2).asText());
        assertEquals(1, n1.get(0).get(3).asInt(), "n1 led term 1 while n2 led term 2: a reviewer sees both");
        assertEquals(List.of(10.05, 12.0), List.of(data.get("lanes").get("cut").get("n1").get(0).get(0).asDouble(),
                data.get("lanes").get("cut").get("n1").get(0).get(1).asDouble()), "n1 cut off from the majority");
        assertTrue(html.contains("<a href=\"nodes/n1.log\">"), "run files are linked");
    }

    @Test
    void anEtcdRunHasRoleLanesAndItsMembersLinesFromEtcdsOwnLogFormat() throws Exception {
        List<Op> ops = List.of(op(0, 0, Op.Type.INVOKE, "put", "a", 1_000), done(1, 0, Op.Type.OK, "put", "a", 1_010, "n1"),
                op(2, 0, Op.Type.INVOKE, "put", "b", 4_000), done(3, 0, Op.Type.OK, "put", "b", 4_010, "n2"));
        Path nodes = Files.createDirectories(dir.resolve("nodes"));
        Files.writeString(nodes.resolve("n1.log"), String.join("\n",
                "raft2026/11/25 18:00:00 INFO: 8e9e05c52164694d became candidate at term 2",
                "raft2026/11/25 18:00:00 INFO: 8e9e05c52164694d received MsgVoteResp from 8e9e05c52164694d at term 2",
                "raft2026/11/25 18:00:00 INFO: 8e9e05c52164694d became leader at term 2",
                "2026-11-25 18:00:01.005000 I | etcdserver: published {Name:n1} to cluster cdf818194e3a8c32",
                "raft2026/11/25 18:00:03 INFO: 8e9e05c52164694d became follower at term 3"));
        RunConfig config = RunConfig.defaults(Path.of("/tmp")).withSeed(5)
                .with(io.faultline.harness.run.RunOptions.SYSTEM, "etcd").with(io.faultline.harness.run.RunOptions.NODES, 3);
        RunSummary s = new RunSummary(config, "run-etcd", ZERO, ZERO.plusSeconds(5), RunStatus.LINEARIZABLE, "ok",
                RunSummary.countOps(ops), List.of(), 0, null, List.of(), null, null);
        Path file = dir.resolve("report.html");
        ReportWriter.write(file, s, ops, ZERO);
        JsonNode lanes = new ObjectMapper().readTree(dataBlock(Files.readString(file))).get("lanes");
        assertTrue(lanes != null, "an etcd run has node lanes");
        JsonNode n1 = lanes.get("segs").get("n1");
        assertEquals("leader", n1.get(0).get(2).asText(), n1.toString());
        assertEquals(2, n1.get(0).get(3).asInt());
        assertEquals(3.0, n1.get(1).get(0).asDouble(), 1e-9, "the step down, in run seconds");
        assertEquals("follower", n1.get(1).get(2).asText());
        List<List<Object>> lines = ServedLogs.lines(nodes.resolve("n1.log"), ZERO,
                config.cluster().system().logFormat(), 0.5, 2);
        assertEquals(1, lines.size(), lines.toString());
        assertEquals(1.005, ((Number) lines.get(0).get(0)).doubleValue(), 1e-9);
    }

    @Test
    void faultsThatNeverReachTheLeaderAndATermThatNeverChangesAreWarnedAbout() {
        NodeLanes lanes = NodeLanes.of(Map.of(
                "n1", List.of(new NodeLanes.Change(-1, "n1", "leader", 1)),
                "n2", List.of(new NodeLanes.Change(-1, "n2", "follower", 1)),
                "n3", List.of(new NodeLanes.Change(-1, "n3", "follower", 1))),
                List.of(new Nemesis.Injected("kill", "kill n3", 1_000_000_000L, 3_000_000_000L, null, Map.of(3, Effect.DOWN))), 6);
        FaultImpact impact = FaultImpact.of(
                List.of(new Nemesis.Injected("kill", "kill n3", 1_000_000_000L, 3_000_000_000L, null, Map.of(3, Effect.DOWN))), HISTORY, lanes);
        FaultImpact.PerFault kill = impact.faults().get(0);
        assertEquals("n1", kill.leader());
        assertFalse(kill.reachedLeader());
        assertEquals(0, kill.elections());
        assertEquals(1, kill.failed(), "the failed read during the kill; the cas mismatch was an answer");
        assertEquals(1, kill.unknown());
        assertEquals(1.0 + 0.4, kill.longestGapS() + 0.0, 0.2, "no answer from 1.6 s to 3.0 s");
        assertTrue(impact.warnings().stream().anyMatch(w -> w.startsWith("No fault reached the leader")), impact.warnings().toString());
        assertTrue(impact.warnings().stream().anyMatch(w -> w.startsWith("The term never changed")));
        NodeLanes elected = NodeLanes.of(Map.of(
                "n1", List.of(new NodeLanes.Change(-1, "n1", "leader", 1), new NodeLanes.Change(2, "n1", "follower", 2)),
                "n2", List.of(new NodeLanes.Change(-1, "n2", "follower", 1), new NodeLanes.Change(1.5, "n2", "leader", 2))),
                List.of(), 6);
        FaultImpact bit = FaultImpact.of(
                List.of(new Nemesis.Injected("pause", "pause n1 (leader)", 1_000_000_000L, 3_000_000_000L, null, Map.of(1, Effect.PAUSED))), HISTORY, elected);
        assertTrue(bit.faults().get(0).reachedLeader());
        assertEquals(1, bit.faults().get(0).elections());
        assertTrue(bit.warnings().stream().noneMatch(w -> w.startsWith("No fault") || w.startsWith("The term")), bit.warnings().toString());
        FaultImpact unnamed = FaultImpact.of(
                List.of(new Nemesis.Injected("sim", "crash-all: power loss on every node", 1_000_000_000L, Nemesis.Injected.ONGOING, null, Map.of())), HISTORY, elected);
        assertFalse(unnamed.faults().get(0).reachedLeader(), "the description names no node");
        assertTrue(unnamed.warnings().stream().noneMatch(w -> w.startsWith("No fault reached")),
                "but a leader was elected during it: the fault bit " + unnamed.warnings());
    }

    /** nats-server's logs state roles and no term: the leader and its changes come from the roles alone. */
    @Test
    void logsThatStateNoTermGiveTheLeaderAndItsChangesWithoutATermWarning() {
        List<Nemesis.Injected> faults = List.of(
                new Nemesis.Injected("kill", "kill n1", 1_000_000_000L, 3_000_000_000L, null, Map.of(1, Effect.DOWN)));
        NodeLanes failover = NodeLanes.of(Map.of(
                "n1", List.of(new NodeLanes.Change(-1, "n1", "leader", -1), new NodeLanes.Change(3.2, "n1", "follower", -1)),
                "n2", List.of(new NodeLanes.Change(-1, "n2", "follower", -1), new NodeLanes.Change(1.5, "n2", "leader", -1)),
                "n3", List.of(new NodeLanes.Change(-1, "n3", "follower", -1))), faults, 6);
        FaultImpact impact = FaultImpact.of(faults, HISTORY, failover);
        assertEquals("n1", impact.faults().get(0).leader());
        assertTrue(impact.faults().get(0).reachedLeader());
        assertEquals(1, impact.faults().get(0).elections());
        assertEquals("n2", failover.leaderAt(2.0), "the latest to become leader");
        assertTrue(impact.warnings().stream().noneMatch(w -> w.startsWith("No fault") || w.contains("term")),
                impact.warnings().toString());
        NodeLanes steady = NodeLanes.of(Map.of(
                "n1", List.of(new NodeLanes.Change(-1, "n1", "leader", -1)),
                "n2", List.of(new NodeLanes.Change(-1, "n2", "follower", -1))), List.of(), 6);
        FaultImpact quiet = FaultImpact.of(List.of(new Nemesis.Injected("kill", "kill n2", 1_000_000_000L,
                3_000_000_000L, null, Map.of(2, Effect.DOWN))), HISTORY, steady);
        assertTrue(quiet.warnings().stream().anyMatch(w -> w.startsWith("No fault reached the leader")), quiet.warnings().toString());
        assertTrue(quiet.warnings().stream().anyMatch(w -> w.startsWith("No leader change was logged")), quiet.warnings().toString());
        assertTrue(quiet.warnings().stream().noneMatch(w -> w.contains("term -1")), quiet.warnings().toString());
    }

    @Test
    void aKilledOrPausedLeaderIsTheLeaderAtTheFaultsStartThoughItsLaneShowsTheFaultFromThatInstant() {
        List<Nemesis.Injected> faults = List.of(
                new Nemesis.Injected("pause", "pause n1 (leader)", 1_000_000_000L, 3_000_000_000L, null, Map.of(1, Effect.PAUSED)),
                new Nemesis.Injected("kill", "kill n2 (leader)", 4_000_000_000L, 5_000_000_000L, null, Map.of(2, Effect.DOWN)));
        NodeLanes lanes = NodeLanes.of(Map.of(
                "n1", List.of(new NodeLanes.Change(-1, "n1", "leader", 1), new NodeLanes.Change(3.1, "n1", "follower", 2)),
                "n2", List.of(new NodeLanes.Change(-1, "n2", "follower", 1), new NodeLanes.Change(2.0, "n2", "leader", 2))),
                faults, 6);
        FaultImpact impact = FaultImpact.of(faults, HISTORY, lanes);
        assertEquals("n1", impact.faults().get(0).leader());
        assertTrue(impact.faults().get(0).reachedLeader());
        assertEquals("n2", impact.faults().get(1).leader());
        assertTrue(impact.faults().get(1).reachedLeader());
    }

    private static String dataBlock(String html) {
        String open = "<script type=\"application/json\" id=\"faultline-data\">";
        int s = html.indexOf(open) + open.length();
        return html.substring(s, html.indexOf("</script>", s));
    }
}
