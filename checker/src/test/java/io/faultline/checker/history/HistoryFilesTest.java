package io.faultline.checker.history;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HistoryFilesTest {
    @TempDir
    Path dir;

    private static Op op(long i, long p, Op.Type t, String f, String key, Object value) {
        return Op.of(i, p, t, f, key, value);
    }

    @Test
    void jsonLinesRoundTripKeepsEveryField() throws IOException {
        Map<String, Object> extra = new HashMap<>();
        extra.put("node", "n1");
        extra.put("nothing", null);
        List<Op> ops = List.of(
                new Op(0, 3, Op.Type.INVOKE, "cas", "k1", Arrays.asList(null, "b"), 10L, null, Map.of()),
                new Op(1, Op.NEMESIS, Op.Type.INFO, "start-partition", null, "[n1] [n2 n3]", 15L, null, Map.of()),
                new Op(2, 3, Op.Type.INFO, "cas", "k1", Arrays.asList(null, "b"), 20L, "timeout", extra),
                new Op(3, 4, Op.Type.INVOKE, "get", "k1", null, 21L, null, Map.of()),
                new Op(4, 4, Op.Type.OK, "get", "k1", 7L, 22L, null, Map.of()));
        Path file = dir.resolve("h.jsonl");
        HistoryWriter.writeAll(file, ops);
        History back = HistoryReader.readAny(file);
        assertEquals(ops, back.ops());
        assertTrue(back.ops().get(2).extra().containsKey("nothing"), "null extras survive");
        assertEquals(5, back.lineOf(4));
        assertTrue(Files.readAllLines(file).get(1).contains("\"process\":\"nemesis\""));
    }

    @Test
    void appendedLinesAreReadableWhileTheWriterIsStillOpen() throws IOException {
        Path file = dir.resolve("live.jsonl");
        try (HistoryWriter w = HistoryWriter.open(file)) {
            w.append(op(0, 1, Op.Type.INVOKE, "put", "a", "x"));
            assertEquals(1, HistoryReader.readAny(file).size(), "each line is flushed as it is written");
            w.append(op(1, 1, Op.Type.OK, "put", "a", "x"));
            assertEquals(2, HistoryReader.readAny(file).size());
        }
    }

    @Test
    void concurrentAppendsNeverInterleaveLines() throws Exception {
        Path file = dir.resolve("threads.jsonl");
        int threads = 4;
        int each = 500;
        CountDownLatch start = new CountDownLatch(1);
        List<Thread> ts = new ArrayList<>();
        try (HistoryWriter w = HistoryWriter.open(file)) {
            for (int t = 0; t < threads; t++) {
                long p = t;
                Thread th = new Thread(() -> {
                    try {
                        start.await();
                    } catch (InterruptedException e) {
                        return;
                    }
                    for (int i = 0; i < each; i++) {
                        w.append(op(i, p, Op.Type.INVOKE, "put", "key-" + p, "value-" + i + "-" + "x".repeat(100)));
                    }
                });
                th.start();
                ts.add(th);
            }
            start.countDown();
            for (Thread th : ts) {
                th.join();
            }
        }
        History h = new JsonlHistoryReader().read(file);
        assertEquals(threads * each, h.size());
    }

    @Test
    void aTruncatedLastLineIsReportedWithItsLineNumber() throws IOException {
        Path file = dir.resolve("killed.jsonl");
        HistoryWriter.writeAll(file, List.of(op(0, 1, Op.Type.INVOKE, "put", "a", "x")));
        Files.writeString(file, "{\"index\":1,\"process\":1,\"ty", java.nio.file.StandardOpenOption.APPEND);
        HistoryException e = assertThrows(HistoryException.class, () -> HistoryReader.readAny(file));
        assertEquals(2, e.line());
        assertTrue(e.getMessage().startsWith(file + ":2: "), e.getMessage());
    }

    @Test
    void badFieldsAreRejectedWithFileLineAndReason() {
        assertReject("{\"process\":1,\"type\":\"maybe\",\"f\":\"get\"}", "unknown type \"maybe\"");
        assertReject("{\"type\":\"invoke\",\"f\":\"get\"}", "missing field \"process\"");
        assertReject("{\"process\":1,\"type\":\"invoke\"}", "missing field \"f\"");
        assertReject("{\"process\":1,\"type\":\"invoke\",\"f\":\"get\",\"time\":\"soon\"}", "time must be an integer");
        assertReject("[1,2]", "not a JSON object");
        assertReject("{\"process\":\"n1\",\"type\":\"invoke\",\"f\":\"get\"}", "process must be");
    }

    private static void assertReject(String line, String reason) {
        HistoryException e = assertThrows(HistoryException.class,
                () -> new JsonlHistoryReader().read("t.jsonl", new StringReader("\n" + line + "\n")));
        assertEquals(2, e.line(), e.getMessage());
        assertTrue(e.reason().contains(reason), e.getMessage());
    }

    @Test
    void ednOneMapPerLine() throws IOException {
        String text = "{:index 0, :process 0, :type :invoke, :f :read, :value nil}\n"
                + "{:process :nemesis, :type :info, :f :start, :value [:isolated \"n1\"]}\n"
                + "{:index 1, :process 0, :type :ok, :f :read, :value 3, :time 12, :error [:timed-out \"x\"]}\n";
        History h = new EdnHistoryReader().read("h.edn", new StringReader(text));
        assertEquals(3, h.size());
        Op read = h.ops().get(2);
        assertEquals(Op.Type.OK, read.type());
        assertEquals("read", read.f());
        assertEquals(3L, read.value());
        assertEquals(12L, read.time());
        assertEquals(List.of("timed-out", "x"), read.error());
        assertEquals(2L, read.index());
        assertEquals(1L, read.extra().get("source-index"));
        assertTrue(h.ops().get(1).isNemesis());
        assertEquals(List.of("isolated", "n1"), h.ops().get(1).value());
        assertEquals(3, h.lineOf(2));
    }

    @Test
    void ednOneVectorOverManyLines() throws IOException {
        String text = "[{:process 0, :type :invoke, :f :write, :value 1}\n"
                + " {:process 0,\n  :type :ok, :f :write, :value 1}\n"
                + " ; a comment\n"
                + " {:process 1, :type :invoke, :f :read, :value nil}]\n";
        History h = new EdnHistoryReader().read("v.edn", new StringReader(text));
        assertEquals(3, h.size());
        assertEquals(List.of(1, 2, 5), Arrays.stream(h.lines()).boxed().toList());
        assertNull(h.ops().get(2).value());
    }

    @Test
    void ednErrorsNameTheLine() {
        HistoryException notMap = assertThrows(HistoryException.class,
                () -> new EdnHistoryReader().read("x.edn", new StringReader("{:process 0, :type :invoke, :f :read}\n42\n")));
        assertEquals(2, notMap.line());
        HistoryException syntax = assertThrows(HistoryException.class,
                () -> new EdnHistoryReader().read("x.edn", new StringReader("{:process 0, :type :invoke, :f :read}\n{:process 0 :type\n")));
        assertTrue(syntax.line() >= 2, syntax.getMessage());
        HistoryException open = assertThrows(HistoryException.class,
                () -> new EdnHistoryReader().read("x.edn", new StringReader("[{:process 0, :type :invoke, :f :read}\n")));
        assertTrue(open.reason().contains("not closed"), open.getMessage());
    }

    @Test
    void pairingRejectsBrokenProcessDiscipline() {
        HistoryException orphan = assertThrows(HistoryException.class, () -> OperationPairing.pair(History.of(List.of(
                op(0, 1, Op.Type.INVOKE, "read", null, null),
                op(1, 2, Op.Type.OK, "read", null, 1L)))));
        assertEquals(2, orphan.line());
        assertTrue(orphan.reason().contains("without an open invocation"), orphan.getMessage());
        HistoryException twice = assertThrows(HistoryException.class, () -> OperationPairing.pair(History.of(List.of(
                op(0, 1, Op.Type.INVOKE, "read", null, null),
                op(1, 1, Op.Type.INVOKE, "read", null, null)))));
        assertTrue(twice.reason().contains("line 1 has not completed"), twice.getMessage());
        HistoryException mismatch = assertThrows(HistoryException.class, () -> OperationPairing.pair(History.of(List.of(
                op(0, 1, Op.Type.INVOKE, "read", null, null),
                op(1, 1, Op.Type.OK, "write", null, 1L)))));
        assertTrue(mismatch.reason().contains("does not match"), mismatch.getMessage());
    }

    @Test
    void pairingKeepsOpenInvocationsAsIndeterminateAndSkipsTheNemesis() {
        List<Operation> pairs = OperationPairing.pair(History.of(List.of(
                op(0, 1, Op.Type.INVOKE, "write", null, 1L),
                new Op(1, Op.NEMESIS, Op.Type.INFO, "kill", null, null, null, null, Map.of()),
                op(2, 2, Op.Type.INVOKE, "read", null, null),
                op(3, 2, Op.Type.FAIL, "read", null, null))));
        assertEquals(2, pairs.size());
        assertTrue(pairs.get(0).indeterminate());
        assertTrue(pairs.get(1).failed());
    }

    @Test
    void theNodeThatAnsweredIsReadFromJsonLinesAndEdnAndIsAbsentFromOldHistories() throws IOException {
        String jsonl = """
                {"index":0,"process":0,"type":"invoke","f":"get","key":"k1","value":null,"time":1}
                {"index":1,"process":0,"type":"ok","f":"get","key":"k1","value":"a","time":2,"node":"n3","term":7,"leader":"n1"}
                {"index":2,"process":1,"type":"invoke","f":"put","key":"k1","value":"b","time":3}
                {"index":3,"process":1,"type":"ok","f":"put","key":"k1","value":"b","time":4}
                """;
        History h = new JsonlHistoryReader().read("h.jsonl", new StringReader(jsonl));
        assertEquals("n3", h.ops().get(1).node());
        assertEquals(7L, h.ops().get(1).extra().get(Op.TERM));
        assertEquals("n1", h.ops().get(1).extra().get(Op.LEADER));
        assertNull(h.ops().get(3).node(), "a history written before the field existed reads as before");
        assertNull(h.ops().get(0).node());
        Path file = dir.resolve("node.jsonl");
        HistoryWriter.writeAll(file, h.ops());
        assertTrue(Files.readAllLines(file).get(1).contains("\"node\":\"n3\""), "written back as it was read");
        History edn = new EdnHistoryReader().read("h.edn", new StringReader(
                "{:process 0, :type :invoke, :f :read, :value nil}\n{:process 0, :type :ok, :f :read, :value 1, :node \"n2\"}\n"));
        assertEquals("n2", edn.ops().get(1).node(), "Jepsen's :node is the same field");
    }
}
