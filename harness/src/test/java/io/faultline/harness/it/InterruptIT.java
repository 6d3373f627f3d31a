package io.faultline.harness.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.faultline.checker.history.History;
import io.faultline.checker.history.HistoryReader;
import io.faultline.harness.cluster.DockerResources;
import io.faultline.harness.cluster.Labels;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Ctrl-C in the middle of `faultline run`: nothing left in Docker, a partial run directory that reads. */
class InterruptIT {
    @TempDir
    Path out;

    @Test
    void sigintMidRunLeavesNothingBehindAndKeepsAReadableRunDirectory() throws Exception {
        Path log = out.resolve("faultline.log");
        Process p = CliRun.start(log, List.of("run", "--nodes", "3", "--time-limit", "60s",
                "--nemesis", "kill,pause,partition", "--nemesis-interval", "4s", "--seed", "3",
                "--no-progress", "--out", out.resolve("runs").toString()));
        try {
            Path history = CliRun.awaitHistoryWithFaults(p, out.resolve("runs"), log, 90_000);
            assertTrue(p.isAlive(), "the run is still going when interrupted");
            CliRun.interrupt(p);
            assertTrue(p.waitFor(90, TimeUnit.SECONDS), "the harness exits after Ctrl-C");
            assertEquals(3, p.exitValue(), Files.readString(log));

            Path dir = history.getParent();
            var left = DockerResources.count(Labels.RUN,
                    io.faultline.harness.cluster.Cluster.dockerName(dir.getFileName().toString(), p.pid()));
            assertEquals(0, left.total(), "left behind: " + left);
            assertEquals(0, DockerResources.count(Labels.OWNER_PID, Long.toString(p.pid())).total());

            History h = HistoryReader.readAny(history);
            assertTrue(h.size() > 0, "the partial history reads");
            var result = new ObjectMapper().readTree(dir.resolve("result.json").toFile());
            assertEquals("interrupted", result.get("status").asText());
            assertTrue(Files.exists(dir.resolve("config.json")));
            assertTrue(Files.exists(dir.resolve("report.html")));
            assertTrue(Files.size(dir.resolve("nodes").resolve("n1.log")) > 0, "node logs were copied");
        } finally {
            p.destroyForcibly();
        }
    }
}
