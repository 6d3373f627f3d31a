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
import picocli.CommandLine;

class BenchReportCommandTest {
    @TempDir
    Path dir;

    @Test
    void writesAViolationReportInARunDirectoryLayoutWithoutOpeningIt() throws Exception {
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = new CommandLine(new BenchReportCommand(new PrintStream(err, true, StandardCharsets.UTF_8)))
                .execute("--ops", "2000", "--seconds", "40", "--no-open", "--out", dir.toString());
        assertEquals(0, code, err.toString(StandardCharsets.UTF_8));
        String html = Files.readString(dir.resolve("report.html"));
        assertTrue(html.contains("NOT linearizable"), "the planted stale read is found");
        assertTrue(Files.size(dir.resolve("nodes").resolve("n1.log")) > 0, "node logs for the role lanes");
        assertTrue(Files.size(dir.resolve("history.jsonl")) > 0);
        assertTrue(err.toString(StandardCharsets.UTF_8).contains("2000 operations over 40 s"));
    }

    @Test
    void badInputIsRefused() {
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        BenchReportCommand c = new BenchReportCommand(new PrintStream(err, true, StandardCharsets.UTF_8));
        assertEquals(2, new CommandLine(c).execute("--window", "wide", "--no-open", "--out", dir.toString()));
        assertEquals(2, new CommandLine(c).execute("--ops", "0", "--no-open", "--out", dir.toString()));
    }
}
