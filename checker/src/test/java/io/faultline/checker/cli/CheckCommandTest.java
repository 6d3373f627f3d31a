package io.faultline.checker.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.faultline.checker.bench.HistoryGenerator;
import io.faultline.checker.history.HistoryWriter;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class CheckCommandTest {
    @TempDir
    Path dir;

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int run(String... args) {
        CommandLine cl = new CommandLine(new CheckCommand());
        cl.setOut(new PrintWriter(out));
        cl.setErr(new PrintWriter(err));
        return cl.execute(args);
    }

    private Path reference(String name) {
        Path d = Path.of("").toAbsolutePath();
        while (!Files.isDirectory(d.resolve("histories/reference"))) {
            d = d.getParent();
        }
        return d.resolve("histories/reference").resolve(name);
    }

    @Test
    void exitZeroForLinearizable() {
        assertEquals(0, run("--model", "cas-register", reference("etcd/etcd_002.edn").toString()));
        assertTrue(out.toString().contains("linearizable"), out.toString());
    }

    @Test
    void exitOneWithReportAndResultJsonForAViolation() {
        Path report = dir.resolve("out/report.html");
        Path runResult = dir.resolve("out/result.json");
        try {
            Files.createDirectories(runResult.getParent());
            Files.writeString(runResult, "{\"status\":\"linearizable\"}");
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        assertEquals(1, run("--model", "kv", "--missing-key", "empty", "--report", report.toString(),
                reference("porcupine-kv/c10-bad.edn").toString()));
        assertTrue(Files.isRegularFile(report));
        assertTrue(Files.isRegularFile(report.resolveSibling("report.result.json")));
        try {
            assertEquals("{\"status\":\"linearizable\"}", Files.readString(runResult),
                    "a run directory's own result.json is left alone");
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        assertTrue(out.toString().contains("is not linearizable"), out.toString());
    }

    @Test
    void exitTwoForInputErrorsWithFileAndLine() throws IOException {
        Path bad = dir.resolve("bad.jsonl");
        Files.writeString(bad, "{\"process\":0,\"type\":\"invoke\",\"f\":\"get\",\"key\":\"a\"}\nnot json\n");
        assertEquals(2, run("--model", "kv", bad.toString()));
        assertTrue(err.toString().contains(bad + ":2: "), err.toString());
        assertTrue(!err.toString().contains("at io.faultline"), "no stack trace");
        assertEquals(2, run("--model", "nope", bad.toString()));
        assertEquals(2, run("--model", "kv", dir.resolve("missing.jsonl").toString()));
        assertEquals(2, run("--model", "kv", "--timeout", "soon", bad.toString()));
    }

    @Test
    void exitThreeWhenTheBudgetRunsOut() throws IOException {
        Path big = dir.resolve("big.jsonl");
        HistoryWriter.writeAll(big, HistoryGenerator.generate(
                new HistoryGenerator.Spec("cas-register", 8, 1, 60_000, 2, 0, 3)));
        assertEquals(3, run("--model", "cas-register", "--timeout", "1ms", big.toString()));
        assertTrue(out.toString().contains("unknown"), out.toString());
    }

    @Test
    void jsonOutput() {
        assertEquals(1, run("--model", "cas-register", "--json", reference("etcd/etcd_000.edn").toString()));
        assertTrue(out.toString().trim().startsWith("{"), out.toString());
        assertTrue(out.toString().contains("\"verdict\" : \"not linearizable\""), out.toString());
    }
}
