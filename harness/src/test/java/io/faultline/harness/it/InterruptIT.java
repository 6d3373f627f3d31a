package io.faultline.harness.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.faultline.checker.history.History;
import io.faultline.checker.history.HistoryReader;
import io.faultline.harness.cluster.DockerResources;
import io.faultline.harness.cluster.Labels;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Ctrl-C in the middle of `faultline run`: nothing left in Docker, a partial run directory that reads. */
class InterruptIT {
    @TempDir
    Path out;

    @Test
    void sigintMidRunLeavesNothingBehindAndKeepsAReadableRunDirectory() throws Exception {
        String cp = Path.of("target", "classes") + File.pathSeparator + Path.of("target", "lib") + File.separator + "*";
        Path log = out.resolve("faultline.log");
        List<String> command = new java.util.ArrayList<>();
        // A build started without job control (e.g. in the background) passes SIGINT on
        // as ignored, and a JVM keeps an ignored SIGINT ignored; perl (part of every
        // Debian) restores the default before it execs the JVM, keeping the pid.
        if (onPath("perl")) command.addAll(List.of("perl", "-e", "$SIG{INT}='DEFAULT'; exec @ARGV or die \"exec: $!\""));
        command.addAll(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", cp, "io.faultline.cli.Faultline", "run", "--nodes", "3", "--time-limit", "60s",
                "--nemesis", "kill,pause,partition", "--nemesis-interval", "4s", "--seed", "3",
                "--no-progress", "--out", out.resolve("runs").toString()));
        Process p = new ProcessBuilder(command)
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        try {
            Path history = awaitHistoryWithFaults(p, 90_000);
            assertTrue(p.isAlive(), "the run is still going when interrupted");
            new ProcessBuilder("kill", "-INT", Long.toString(p.pid())).start().waitFor();
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

    private static boolean onPath(String program) {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
            if (Files.isExecutable(Path.of(dir, program))) return true;
        }
        return false;
    }

    /** Waits until the run's history holds client ops and a fault, i.e. the run is mid-way. */
    private Path awaitHistoryWithFaults(Process p, long timeoutMillis) throws Exception {
        long deadline = System.currentTimeMillis() + timeoutMillis;
        while (System.currentTimeMillis() < deadline && p.isAlive()) {
            Path runs = out.resolve("runs");
            if (Files.isDirectory(runs)) {
                try (Stream<Path> dirs = Files.list(runs)) {
                    List<Path> found = dirs.map(d -> d.resolve("history.jsonl")).filter(Files::exists).toList();
                    if (!found.isEmpty() && Files.readString(found.get(0)).contains("\"start-")) return found.get(0);
                }
            }
            Thread.sleep(250);
        }
        throw new AssertionError("the run did not get to its first fault; log:\n"
                + Files.readString(out.resolve("faultline.log")));
    }
}
