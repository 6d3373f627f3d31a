package io.faultline.harness.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.faultline.harness.cluster.DockerResources;
import io.faultline.harness.cluster.Labels;
import io.faultline.harness.run.CheckerJudge;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/**
 * CI's small detection matrix (docs/harness.md, "Detection matrix"): `faultline detect`
 * in-process against real clusters — two bugs and the healthy node, three seeds each,
 * 15 s runs with the leader cut off and half the clients bound to one node. Each bug
 * must be caught in at least one of its three runs (--require 34%; as BugDetectionIT
 * tried up to three seeds), the healthy node never (a false alarm exits 1). With
 * half writes and 0.5 s timeouts, a loaded machine left so many writes unknown that
 * the check of one 15 s run took over 2 minutes: 30 % writes, and a 30 s check
 * budget (an unknown result is no catch, and no false alarm either). These are the stale-read and early-ack catches that
 * BugDetectionIT used to make on their own, now through the matrix command.
 */
class DetectionMatrixIT {
    static final Path OUT = Path.of("target", "faultline-runs", "DetectionMatrixIT");

    @Test
    void staleReadsAndEarlyAcksAreCaughtAndTheHealthyNodeIsNot() throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        PrintStream err = new PrintStream(System.err, true, StandardCharsets.UTF_8);
        DetectCommand detect = new DetectCommand(new PrintStream(out, true, StandardCharsets.UTF_8), err,
                new CheckerJudge());
        int code = new CommandLine(detect).execute(
                "--flags", "stale-reads,early-ack", "--seeds", "3", "--seed", "1", "--require", "34%",
                "--nodes", "3", "--time-limit", "15s", "--concurrency", "8", "--rate", "300/s", "--keys", "3",
                "--op-mix", "read=70,write=30", "--check-timeout", "30s", "--op-timeout", "500ms", "--bound-clients", "50%",
                "--nemesis", "partition-leader", "--nemesis-interval", "5s", "--fault-duration", "3s",
                "--out", OUT.toString(), "--no-progress");
        String table = out.toString(StandardCharsets.UTF_8);
        System.out.println(table);
        assertEquals(0, code, "every bug caught in at least one of three runs, no false alarm:\n" + table);
        assertTrue(table.startsWith("<!-- ./faultline detect --flags stale-reads,early-ack"), table);
        assertTrue(table.contains("| `--unsafe-stale-reads` |") && table.contains("| `--unsafe-early-ack` |"), table);
        assertTrue(table.contains("| healthy | 0 false alarms in 3 |"), table);
        try (Stream<Path> runs = Files.list(OUT)) {
            List<Path> dirs = runs.filter(Files::isDirectory).toList();
            assertTrue(dirs.size() >= 9, "a run directory per run: " + dirs);
            for (Path d : dirs) {
                var left = DockerResources.count(Labels.RUN,
                        io.faultline.harness.cluster.Cluster.dockerName(d.getFileName().toString()));
                assertEquals(0, left.total(), d + " left behind: " + left);
            }
        }
    }
}
