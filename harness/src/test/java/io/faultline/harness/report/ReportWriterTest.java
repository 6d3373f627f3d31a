package io.faultline.harness.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.faultline.checker.history.Op;
import io.faultline.harness.cluster.ClusterHealth;
import io.faultline.harness.nemesis.Nemesis;
import io.faultline.harness.run.Judgement;
import io.faultline.harness.run.RunConfig;
import io.faultline.harness.run.RunStatus;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ReportWriterTest {
    private static Op op(long i, long p, Op.Type t, String f, Object v, long ms) {
        return new Op(i, p, t, f, "k1", v, ms * 1_000_000, null, null);
    }

    private static final List<Op> HISTORY = List.of(
            op(0, 0, Op.Type.INVOKE, "put", "0-1", 100),
            op(1, 0, Op.Type.OK, "put", "0-1", 105),
            new Op(2, Op.NEMESIS, Op.Type.INFO, "start-kill", null, "kill n1", 1_000_000_000L, null, null),
            op(3, 1, Op.Type.INVOKE, "get", null, 1200),
            op(4, 1, Op.Type.FAIL, "get", null, 1300),
            op(10, 3, Op.Type.INVOKE, "cas", null, 1500),
            new Op(11, 3, Op.Type.FAIL, "cas", "k1", null, 1_600_000_000L, "cas mismatch", null),
            op(5, 0, Op.Type.INVOKE, "put", "0-2", 1400),
            op(6, 0, Op.Type.INFO, "put", "0-2", 2900),
            new Op(7, Op.NEMESIS, Op.Type.INFO, "stop-kill", null, "kill n1", 3_000_000_000L, null, null),
            op(8, 2, Op.Type.INVOKE, "get", null, 3100),
            op(9, 2, Op.Type.OK, "get", "<b>0-2</b>", 3110));

    @Test
    void theTimelinePairsOperationsAndFaults() {
        Timeline t = Timeline.of(HISTORY);
        assertEquals(5, t.points().size());
        assertEquals(List.of(new Timeline.Band("kill", "kill n1", 1.0, 3.0)), t.bands());
        assertEquals(1500.0, t.points().get(3).latencyMs(), 1e-9);
        assertEquals(2, t.perSecond()[1][Timeline.FAIL]);
        assertEquals(1, t.perSecond()[2][Timeline.INFO]);
        assertEquals(0.5, t.availability()[1], "the cas mismatch was an answer, the failed read was not");
        assertTrue(Double.isNaN(t.availability()[4]));
    }

    @Test
    void theReportIsSelfContainedWithChartsBandsAndTables() {
        RunConfig config = RunConfig.defaults(Path.of("/tmp")).withSeed(5);
        RunSummary s = new RunSummary(config, "run-1", Instant.EPOCH, Instant.EPOCH.plusSeconds(40), RunStatus.LINEARIZABLE,
                "linearizable in 0.1 s", RunSummary.countOps(HISTORY),
                List.of(new Nemesis.Injected("kill", "kill n1", 1_000_000_000L, 3_000_000_000L, null)),
                new ClusterHealth.Recovery(true, 800, List.of("n1: leader")), List.of(),
                new Judgement(Judgement.Verdict.LINEARIZABLE, "linearizable", Map.of(), "<html><b>checker</b></html>"));
        String html = ReportWriter.render(s, HISTORY);
        assertEquals(3, html.split("<svg").length - 1, "latency, throughput and availability");
        assertTrue(html.contains("class=\"band band-kill\""));
        assertTrue(html.contains("srcdoc=\"&lt;html&gt;&lt;b&gt;checker"), "the checker's report is embedded, escaped");
        assertTrue(html.contains("&lt;b&gt;0-2&lt;/b&gt;") || !html.contains("<b>0-2</b>"), "values are escaped");
        assertTrue(html.contains("recovered in 800 ms"));
        assertTrue(html.contains("--seed 5"));
        assertFalse(html.contains("http://") && html.contains("<script src"), "nothing loaded from elsewhere");
        Map<String, Map<String, Long>> counts = s.opsByFunction();
        assertEquals(Map.of("ok", 1L, "info", 1L), counts.get("put"));
        assertEquals(Map.of("fail", 1L, "ok", 1L), counts.get("get"));
        assertEquals(Map.of("fail", 1L), counts.get("cas"));
    }
}
