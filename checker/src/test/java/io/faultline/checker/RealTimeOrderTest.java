package io.faultline.checker;

import io.faultline.checker.verdict.Verdict;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.faultline.checker.cli.CheckCommand;
import io.faultline.checker.history.EdnHistoryReader;
import io.faultline.checker.history.History;
import io.faultline.checker.history.HistoryException;
import io.faultline.checker.model.Models;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringReader;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * Timed histories are ordered by time, not by line: the shapes of the false alarms found by
 * the brute-force comparison (identical pending writes whose lines are not in time order), and
 * files whose times contradict themselves.
 */
class RealTimeOrderTest {
    @TempDir
    Path dir;

    private static History edn(String text) throws IOException {
        return new EdnHistoryReader().read("h.edn", new StringReader(text));
    }

    private static Verdict check(String text, String model) throws IOException {
        return Checker.check(edn(text), Models.byName(model),
                CheckOptions.defaults().withTimeout(Duration.ofSeconds(10))).verdict();
    }

    /** Process 0's write, invoked first but on a later line, may take effect before the read returns. */
    private static final String PENDING_WRITES_OUT_OF_LINE_ORDER = """
            {:process 6, :type :invoke, :f :write, :value 0, :time 3582490}
            {:process 0, :type :invoke, :f :write, :value 0, :time 1478465}
            {:process 3, :type :invoke, :f :read, :value nil, :time 1070461}
            {:process 3, :type :ok,     :f :read, :value 0, :time 2930026}
            """;

    @Test
    void identicalPendingWritesAreTakenInCallOrderNotLineOrder() throws IOException {
        for (String model : new String[] {"register", "cas-register"}) {
            assertEquals(Verdict.LINEARIZABLE, check(PENDING_WRITES_OUT_OF_LINE_ORDER, model), model);
        }
    }

    @Test
    void theSameShapeWithInfoCompletionsAndForKv() throws IOException {
        String infos = """
                {:process 6, :type :invoke, :f :write, :value 0, :time 3582490}
                {:process 0, :type :invoke, :f :write, :value 0, :time 1478465}
                {:process 3, :type :invoke, :f :read, :value nil, :time 1070461}
                {:process 3, :type :ok,     :f :read, :value 0, :time 2930026}
                {:process 0, :type :info,   :f :write, :value 0, :time 4000000}
                {:process 6, :type :info,   :f :write, :value 0, :time 4100000}
                """;
        assertEquals(Verdict.LINEARIZABLE, check(infos, "cas-register"));
        String kv = PENDING_WRITES_OUT_OF_LINE_ORDER.replace(":f :write", ":f :put").replace(":f :read", ":f :get")
                .replace("{:process", "{:key \"k\", :process");
        assertEquals(Verdict.LINEARIZABLE, check(kv, "kv"));
    }

    @Test
    void timeStillDecides() throws IOException {
        // The read completes before process 0's write is invoked: a real violation.
        String late = PENDING_WRITES_OUT_OF_LINE_ORDER.replace(":time 1478465", ":time 2999999");
        assertEquals(Verdict.NOT_LINEARIZABLE, check(late, "register"));
    }

    @Test
    void aCompletionLineMayComeBeforeItsInvocationLine() throws IOException {
        String shuffled = """
                {:process 1, :type :ok,     :f :write, :value 1, :time 20}
                {:process 2, :type :ok,     :f :read,  :value 1, :time 40}
                {:process 1, :type :invoke, :f :write, :value 1, :time 10}
                {:process 2, :type :invoke, :f :read,  :value nil, :time 30}
                """;
        assertEquals(Verdict.LINEARIZABLE, check(shuffled, "register"));
        assertEquals(Verdict.NOT_LINEARIZABLE, check(shuffled.replace(":value 1, :time 40", ":value 2, :time 40"),
                "register"));
    }

    @Test
    void aCompletionTimedBeforeItsInvocationIsRefusedWithTheLine() throws IOException {
        History h = edn("""
                {:process 1, :type :invoke, :f :write, :value 1, :time 10}
                {:process 2, :type :invoke, :f :read,  :value nil, :time 11}
                {:process 1, :type :ok,     :f :write, :value 1, :time 9}
                {:process 2, :type :ok,     :f :read,  :value 1, :time 12}
                """);
        HistoryException e = assertThrows(HistoryException.class,
                () -> Checker.check(h, Models.byName("register"), CheckOptions.defaults()));
        assertEquals(3, e.line());
        assertTrue(e.reason().contains("times contradict") && e.reason().contains("line 1"), e.getMessage());
    }

    @Test
    void theCommandLineExitsTwoWithTheLine() throws IOException {
        Path file = dir.resolve("contradiction.edn");
        Files.writeString(file, """
                {:process 1, :type :invoke, :f :write, :value 1, :time 10}
                {:process 1, :type :ok,     :f :write, :value 1, :time 9}
                """);
        StringWriter err = new StringWriter();
        CommandLine cl = new CommandLine(new CheckCommand());
        cl.setOut(new PrintWriter(new StringWriter()));
        cl.setErr(new PrintWriter(err));
        assertEquals(2, cl.execute("--model", "register", file.toString()));
        assertTrue(err.toString().contains(file + ":2: the times contradict each other"), err.toString());
    }

    @Test
    void withoutTimesLinesAreTheOrder() throws IOException {
        // Same lines without :time: process 6's write is now invoked first, then process 0's, then the read.
        String untimed = PENDING_WRITES_OUT_OF_LINE_ORDER.replaceAll(", :time \\d+", "");
        assertEquals(Verdict.LINEARIZABLE, check(untimed, "register"));
        String readFirst = """
                {:process 3, :type :invoke, :f :read, :value nil}
                {:process 3, :type :ok,     :f :read, :value 0}
                {:process 0, :type :invoke, :f :write, :value 0}
                """;
        assertEquals(Verdict.NOT_LINEARIZABLE, check(readFirst, "register"));
    }
}
