package io.faultline.harness.cli;

import io.faultline.checker.verdict.Verdict;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.faultline.harness.run.Judgement;
import io.faultline.harness.run.RunConfig;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import picocli.CommandLine;

/** config.json read back gives the very run configuration that wrote it. */
class RerunCommandTest {
    @TempDir
    Path dir;

    private static RunConfig parse(String... args) {
        RunCommand c = new RunCommand((h, m, t) -> new Judgement(Verdict.UNKNOWN, "unused", Map.of(), null),
                new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));
        new CommandLine(c).parseArgs(args);
        return c.config();
    }

    private void record(RunConfig config) throws Exception {
        Files.writeString(dir.resolve("config.json"), new ObjectMapper().writeValueAsString(config.toJson("test")));
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "--nodes 3 --time-limit 20s --concurrency 8 --rate 300/s --keys 3 --op-mix read=85,write=15 "
                + "--nemesis partition-leader --nemesis-interval 5s --fault-duration 3s --seed 7",
        "--workload register --nemesis none --rate 0 --seed 123456 --op-timeout 750ms --check-timeout 5m",
        "--nodes 5 --nemesis kill,pause,partition,loss --key-distribution zipf --rate 12.5/s --seed 9 --image other:tag",
        "--nodes 3 --bound-clients 30% --seed 5",
        "--nodes 3 --nemesis vote-crash,figure-8 --quiet-tail 15s --seed 11",
    })
    void aRecordedRunIsReadBackIntoTheSameConfiguration(String args) throws Exception {
        RunConfig original = parse(args.split(" "));
        record(original);
        RunConfig again = parse(RerunCommand.runArguments(dir).toArray(String[]::new));
        assertEquals(original, again);
        assertEquals(original.rerunCommand(), again.rerunCommand());
    }

    @Test
    void nodeFlagsWithSpacesSurviveTheRoundTrip() throws Exception {
        RunConfig original = parse("--seed", "42", "--node-flags", "--unsafe-stale-reads --i-know-this-is-unsafe");
        record(original);
        RunConfig again = parse(RerunCommand.runArguments(dir).toArray(String[]::new));
        assertEquals("--unsafe-stale-reads --i-know-this-is-unsafe",
                again.cluster().system().options().text("node-flags"));
        assertEquals(original, again);
    }

    @Test
    void aDirectoryWithoutConfigJsonIsRefusedClearly() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> RerunCommand.runArguments(dir));
        assertTrue(e.getMessage().contains("config.json: not found"), e.getMessage());
    }

    @Test
    void anIncompleteConfigIsRefusedClearly() throws Exception {
        Files.writeString(dir.resolve("config.json"), "{\"nodes\": 3}");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> RerunCommand.runArguments(dir));
        assertTrue(e.getMessage().contains("'workload' is missing"), e.getMessage());
    }

    @Test
    void theCommandExitsWith2OnABadDirectory() {
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = new CommandLine(new RerunCommand(new PrintStream(err, true, StandardCharsets.UTF_8)))
                .execute(dir.resolve("nope").toString());
        assertEquals(2, code);
        assertTrue(err.toString(StandardCharsets.UTF_8).startsWith("faultline rerun: "), err.toString());
    }
}
