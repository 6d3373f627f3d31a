package io.faultline.harness.run;

import io.faultline.checker.cli.Durations;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.faultline.checker.history.History;
import io.faultline.checker.history.HistoryReader;
import io.faultline.checker.history.HistoryWriter;
import io.faultline.checker.history.Op;
import io.faultline.harness.history.HistoryRecorder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Arrays;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RunDirectoryTest {
    @TempDir
    Path root;

    @Test
    void namesCarryTimeWorkloadAndSeedAndNeverCollide() throws Exception {
        Instant t = Instant.parse("2026-11-25T17:06:00Z");
        try (RunDirectory a = RunDirectory.create(root, t, "kv", 42); RunDirectory b = RunDirectory.create(root, t, "kv", 42)) {
            assertEquals("20261125T170600Z-kv-42", a.name());
            assertNotEquals(a.name(), b.name());
            assertTrue(Files.isDirectory(a.nodesDir()));
        }
    }

    @Test
    void jsonFilesAndTheNemesisLogAreWrittenWhole() throws Exception {
        try (RunDirectory d = RunDirectory.create(root, Instant.now(), "kv", 1)) {
            d.writeConfig(Map.of("seed", 1, "nodes", 3));
            d.writeResult(Map.of("status", "running"));
            d.writeResult(Map.of("status", "linearizable"));
            d.nemesisLog("start kill n1");
            d.nemesisLog("stop kill n1");
            ObjectMapper json = new ObjectMapper();
            assertEquals(3, json.readTree(d.path().resolve("config.json").toFile()).get("nodes").asInt());
            assertEquals("linearizable", json.readTree(d.resultFile().toFile()).get("status").asText());
            assertEquals(2, Files.readAllLines(d.path().resolve("nemesis.log")).size());
            try (var files = Files.list(d.path())) {
                assertTrue(files.noneMatch(p -> p.toString().endsWith(".tmp")));
            }
        }
    }

    @Test
    void theRecordedHistoryReadsBackWithTheChecker() throws Exception {
        try (RunDirectory d = RunDirectory.create(root, Instant.now(), "kv", 2)) {
            HistoryRecorder h = new HistoryRecorder(HistoryWriter.open(d.history()), System.nanoTime());
            h.record(0, Op.Type.INVOKE, "put", "k1", "0-1", null, null);
            h.record(Op.NEMESIS, Op.Type.INFO, "start-kill", null, "kill n2", null, Map.of("fault", "kill"));
            h.record(0, Op.Type.OK, "put", "k1", "0-1", null, null);
            h.record(1, Op.Type.INVOKE, "cas", "k1", Arrays.asList(null, "1-1"), null, null);
            h.record(1, Op.Type.INFO, "cas", "k1", Arrays.asList(null, "1-1"), "deadline_exceeded", null);
            h.close();
            h.record(2, Op.Type.INVOKE, "get", "k1", null, null, null); // after close: dropped
            History read = HistoryReader.readAny(d.history());
            assertEquals(5, read.size());
            assertEquals(h.ops(), read.ops().stream().map(op -> new Op(op.index(), op.process(), op.type(), op.f(),
                    op.key(), op.value(), op.time(), op.error(), op.extra())).toList());
            assertEquals(Op.NEMESIS, read.ops().get(1).process());
            assertEquals(2, h.counts().ok() + h.counts().info());
            long last = -1;
            for (Op op : read.ops()) {
                assertTrue(op.time() >= last, "times never go back");
                last = op.time();
            }
        }
    }

    @Test
    void durationsAndRatesParseAsOnTheCommandLine() {
        assertEquals(60_000, Durations.parse("60s").toMillis());
        assertEquals(500, Durations.parse("500ms").toMillis());
        assertEquals(120_000, Durations.parse("2m").toMillis());
        assertEquals(7_000, Durations.parse("7").toMillis());
        assertEquals("2m", Durations.format(Durations.parse("120s")));
        assertEquals(200.0, Rates.parse("200/s"));
        assertEquals(0.0, Rates.parse("unlimited"));
        var e = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class, () -> Durations.parse("soon"));
        assertTrue(e.getMessage().contains("soon"));
    }
}
