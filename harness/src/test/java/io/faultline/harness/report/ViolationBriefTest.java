package io.faultline.harness.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.faultline.checker.history.Op;
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

/** A violation's report leads with the shrunk ops, the faults around them and the nodes' log lines then. */
class ViolationBriefTest {
    @TempDir
    Path dir;

    private static final Instant ZERO = Instant.parse("2026-11-25T18:00:00Z");

    private static Op op(long i, long p, Op.Type t, String f, Object v, long ms) {
        return new Op(i, p, t, f, "k1", v, ms * 1_000_000, null, null);
    }

    private static final List<Op> HISTORY = List.of(
            op(0, 0, Op.Type.INVOKE, "put", "a", 10_000),
            op(1, 0, Op.Type.OK, "put", "a", 10_010),
            op(2, 1, Op.Type.INVOKE, "put", "b", 10_100),
            op(3, 1, Op.Type.OK, "put", "b", 10_110),
            op(4, 2, Op.Type.INVOKE, "get", null, 10_200),
            op(5, 2, Op.Type.OK, "get", "a", 10_300));

    private static RunSummary summary(Judgement j) {
        return new RunSummary(RunConfig.defaults(Path.of("/tmp")).withSeed(3), "run-v", ZERO, ZERO.plusSeconds(40),
                RunStatus.VIOLATION, "not linearizable", RunSummary.countOps(HISTORY),
                List.of(new Nemesis.Injected("partition", "partition leader [n1] | [n2 n3]", 9_000_000_000L, 11_000_000_000L, null),
                        new Nemesis.Injected("kill", "kill n3", 30_000_000_000L, 32_000_000_000L, null)),
                null, List.of(), j);
    }

    private static Judgement violation() {
        Map<String, Object> v = Map.of("explanation", "get k1 -> a cannot follow put b",
                "shrunk", List.of(
                        Map.of("invokeIndex", 0, "completionIndex", 1, "process", 0, "op", "put \"k1\" \"a\""),
                        Map.of("invokeIndex", 2, "completionIndex", 3, "process", 1, "op", "put \"k1\" \"b\""),
                        Map.of("invokeIndex", 4, "completionIndex", 5, "process", 2, "op", "get \"k1\" → \"a\"")));
        return new Judgement(Judgement.Verdict.VIOLATION, "not linearizable",
                Map.of("partitions", List.of(Map.of("key", "k0"), Map.of("key", "k1", "violation", v))), null);
    }

    @Test
    void theBriefShowsTheCounterexampleTheFaultAroundItAndTheNamedNodesLogLines() throws Exception {
        Path nodes = Files.createDirectories(dir.resolve("nodes"));
        Files.writeString(nodes.resolve("n1.log"), String.join("\n",
                "2026-11-25T18:00:01.000Z n1 t1 leader    became leader",
                "2026-11-25T18:00:09.500Z n1 t1 leader    peer n2 unreachable",
                "2026-11-25T18:00:10.250Z n1 t1 leader    still serving reads",
                "2026-11-25T18:00:20.000Z n1 t2 follower  became follower"));
        Files.writeString(nodes.resolve("n2.log"), "2026-11-25T18:00:10.050Z n2 t2 leader    became leader\n");
        Files.writeString(nodes.resolve("n3.log"), "2026-11-25T18:00:10.060Z n3 t2 follower  leader is n2\n");

        String html = ViolationBrief.render(summary(violation()), HISTORY, nodes, ZERO);
        assertTrue(html.contains("get k1 -&gt; a cannot follow put b"), html);
        assertTrue(html.contains("<td>10.200</td><td>10.300</td>"), "times of the shrunk ops: " + html);
        assertTrue(html.contains("partition leader [n1] | [n2 n3]"), html);
        assertFalse(html.contains("kill n3"), "a fault far from the ops is left out");
        assertTrue(html.contains("peer n2 unreachable") && html.contains("still serving reads"), html);
        assertFalse(html.contains("became follower") || html.contains("18:00:01.000Z"), "lines outside the window");
        assertTrue(html.contains("n2 t2 leader    became leader") && html.contains("leader is n2"), html);

        String report = ReportWriter.render(summary(violation()), HISTORY, html);
        assertTrue(report.indexOf("Counterexample") < report.indexOf("<h2>Summary"), "the brief leads the report");
    }

    @Test
    void nothingIsAddedWithoutAViolation() {
        Judgement ok = new Judgement(Judgement.Verdict.LINEARIZABLE, "linearizable", Map.of(), null);
        assertEquals("", ViolationBrief.render(summary(ok), HISTORY, dir, ZERO));
        assertEquals("", ViolationBrief.render(summary(null), HISTORY, dir, ZERO));
    }
}
