package io.faultline.harness.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The reproduction table from run directories: one with a lost stream, one clean, one that never started. */
class TallyCommandTest {
    @TempDir
    Path dir;

    @Test
    void eachCellCountsItsRunsFindings() throws Exception {
        Path lost = run("lost", "{\"check\":{\"linearizable\":true},\"recovery\":{\"recovered\":false}}", String.join("\n",
                "{\"index\":0,\"process\":1,\"type\":\"invoke\",\"f\":\"put\",\"key\":\"k0\",\"value\":\"1-1\",\"time\":1000000}",
                "{\"index\":1,\"process\":1,\"type\":\"ok\",\"f\":\"put\",\"key\":\"k0\",\"value\":\"1-1\",\"time\":2000000}",
                "{\"index\":2,\"process\":\"nemesis\",\"type\":\"info\",\"f\":\"start-power-loss\",\"value\":\"power loss\",\"time\":3000000}",
                "{\"index\":3,\"process\":1,\"type\":\"invoke\",\"f\":\"get\",\"key\":\"k0\",\"value\":null,\"time\":4000000}",
                "{\"index\":4,\"process\":1,\"type\":\"fail\",\"f\":\"get\",\"key\":\"k0\",\"value\":null,\"time\":5000000,"
                        + "\"error\":\"stream not found\"}"));
        Path clean = run("clean", "{\"check\":{\"linearizable\":true},\"recovery\":{\"recovered\":true}}", String.join("\n",
                "{\"index\":0,\"process\":1,\"type\":\"invoke\",\"f\":\"put\",\"key\":\"k0\",\"value\":\"1-1\",\"time\":1000000}",
                "{\"index\":1,\"process\":1,\"type\":\"ok\",\"f\":\"put\",\"key\":\"k0\",\"value\":\"1-1\",\"time\":2000000}",
                "{\"index\":2,\"process\":\"nemesis\",\"type\":\"info\",\"f\":\"start-power-loss\",\"value\":\"power loss\",\"time\":3000000}",
                "{\"index\":3,\"process\":\"nemesis\",\"type\":\"info\",\"f\":\"stop-corrupt\",\"value\":\"corrupt\",\"time\":3500000,"
                        + "\"reaction\":{\"n1\":\"exited (refused to start or crashed)\",\"n2\":\"serves again (follower, term 2)\"}}",
                "{\"index\":4,\"process\":1,\"type\":\"invoke\",\"f\":\"get\",\"key\":\"k0\",\"value\":null,\"time\":4000000}",
                "{\"index\":5,\"process\":1,\"type\":\"ok\",\"f\":\"get\",\"key\":\"k0\",\"value\":\"1-1\",\"time\":5000000}"));
        Path none = Files.createDirectories(dir.resolve("none"));
        Path runs = Files.writeString(dir.resolve("runs.tsv"), String.join("\n",
                "power-loss\tnats\t1\t4\t" + lost, "power-loss\tnats\t2\t0\t" + clean,
                "power-loss\tetcd\t1\t0\t" + clean, "power-loss\tetcd\t2\t2\t" + none, ""));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int code = TallyCommand.tally(runs, new PrintStream(out, true, StandardCharsets.UTF_8), System.err);
        String table = out.toString(StandardCharsets.UTF_8);
        assertEquals(0, code);
        assertTrue(table.contains("| nats | 1 / 0 / 1 of 2 |"), table);
        assertTrue(table.contains("| etcd | 0 / 0 / 0 of 1 (+1 setup errors) |"), table);
        assertTrue(table.contains("nats: of 2 corrupted nodes, 1 exited at restart"), table);
        assertTrue(table.contains("etcd: of 2 corrupted nodes, 1 exited at restart"), table);
        assertTrue(table.contains("- nats power-loss seed 1: 1 acknowledged writes unreadable, not recovered (lost)"), table);
    }

    private Path run(String name, String result, String history) throws Exception {
        Path d = Files.createDirectories(dir.resolve(name));
        Files.writeString(d.resolve("result.json"), result);
        Files.writeString(d.resolve("history.jsonl"), history + "\n");
        return d;
    }
}
