package io.faultline.checker.history;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.faultline.checker.CheckOptions;
import io.faultline.checker.Checker;
import io.faultline.checker.verdict.Verdict;
import io.faultline.checker.model.Models;
import java.io.IOException;
import java.io.StringReader;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Jepsen's and Knossos's history files as those tools write them. */
class JepsenFormatsTest {
    @TempDir
    Path dir;

    private static History edn(String text) throws IOException {
        return new EdnHistoryReader().read("h.edn", new StringReader(text));
    }

    private static Verdict casRegister(History h) {
        return Checker.check(h, Models.byName("cas-register"), CheckOptions.defaults()).verdict();
    }

    /** Jepsen 0.3+: one record a line, with :index and :time, the nemesis with lists and sets as values. */
    private static final String JEPSEN_03 = """
            #jepsen.history.Op{:index 0, :time 1000, :type :invoke, :process 0, :f :write, :value 1}
            #jepsen.history.Op{:index 1, :time 1500, :type :info, :process :nemesis, :f :start-partition, :value [:isolated {"n1" #{"n2" "n3"}}], :source :generator}
            #jepsen.history.Op{:index 2, :time 2000, :type :ok, :process 0, :f :write, :value 1}
            #jepsen.history.Op{:index 3, :time 2500, :type :info, :process :nemesis, :f :start-partition, :value (:n1 #{:n2 :n3})}
            #jepsen.history.Op{:index 4, :time 3000, :type :invoke, :process 1, :f :cas, :value (1 2)}
            #jepsen.history.Op{:index 5, :time 4000, :type :ok, :process 1, :f :cas, :value (1 2)}
            #jepsen.history.Op{:index 6, :time 5000, :type :invoke, :process 2, :f :read, :value nil}
            #jepsen.history.Op{:index 7, :time 6000, :type :ok, :process 2, :f :read, :value 2}
            """;

    @Test
    void jepsenRecordsAreRead() throws IOException {
        History h = edn(JEPSEN_03);
        assertEquals(8, h.size());
        Op nemesis = h.ops().get(3);
        assertTrue(nemesis.isNemesis());
        assertEquals("n1", ((List<?>) nemesis.value()).get(0));
        assertEquals(List.of(1L, 2L), h.ops().get(4).value(), "an EDN list is a list");
        assertEquals(2500L, nemesis.time());
        assertEquals(List.of("isolated", java.util.Map.of("n1", List.of("n2", "n3"))).toString(),
                h.ops().get(1).value().toString(), "maps and sets inside values");
        assertEquals("generator", h.ops().get(1).extra().get("source"));
        assertEquals(Verdict.LINEARIZABLE, casRegister(h));
        assertEquals(Verdict.NOT_LINEARIZABLE, casRegister(edn(JEPSEN_03.replace(":value 2}", ":value 1}"))));
    }

    @Test
    void aFileMayBeOneVectorOrOneListOfOps() throws IOException {
        String maps = """
                ; a comment before the vector, as in Knossos's data
                [{:process 0, :type :invoke, :f :write, :value 1}
                 {:process 0,
                  :type :ok,
                  :f :write, :value 1}
                 ; a comment between ops
                 {:process 1, :type :invoke, :f :read, :value nil}
                 {:process 1, :type :ok, :f :read, :value 1}]
                """;
        History vector = edn(maps);
        assertEquals(4, vector.size());
        assertEquals(3, vector.lineOf(1), "an op is on the line where it starts");
        History list = edn(maps.replace("[{", "({").replace("1}]", "1})"));
        assertEquals(vector.ops(), list.ops());
        History records = edn("[" + JEPSEN_03 + "]");
        assertEquals(edn(JEPSEN_03).ops(), records.ops());
        assertEquals(Verdict.LINEARIZABLE, casRegister(list));
    }

    @Test
    void anythingElseIsOneErrorWithTheLine() {
        assertReject("{:process 0, :type :invoke, :f :read}\n#foo.Bar{:process 0}\n", 2, "expected an op map");
        assertReject("{:process 0, :type :invoke, :f :read}\n(1 2)\n", 2, "expected an op map");
        assertReject("[{:process 0, :type :invoke, :f :read}\n)\n", 2, "not valid EDN");
        assertReject("({:process 0, :type :invoke, :f :read}\n", 2, "list of ops is not closed with )");
        assertReject("[{:process 0, :type :invoke, :f :read}]\n{:process 1}\n", 2, "after the closing ]");
    }

    private static void assertReject(String text, int line, String reason) {
        HistoryException e = assertThrows(HistoryException.class, () -> edn(text));
        assertEquals(line, e.line(), e.getMessage());
        assertTrue(e.reason().contains(reason), e.getMessage());
    }

    @Test
    void stringsLongerThanTwentyMillionCharactersAreRead() throws IOException {
        String big = "x".repeat(25_000_000);
        Path jsonl = dir.resolve("long.jsonl");
        HistoryWriter.writeAll(jsonl, List.of(
                Op.of(0, 0, Op.Type.INVOKE, "append", "k", big),
                Op.of(1, 0, Op.Type.OK, "append", "k", big),
                Op.of(2, 1, Op.Type.INVOKE, "get", "k", null),
                Op.of(3, 1, Op.Type.OK, "get", "k", big)));
        History h = HistoryReader.readAny(jsonl);
        assertEquals(big, h.ops().get(3).value());
        assertEquals(Verdict.LINEARIZABLE, Checker.check(h, Models.byName("kv"), CheckOptions.defaults()).verdict());
        Path ednFile = dir.resolve("long.edn");
        Files.writeString(ednFile, "{:process 0, :type :invoke, :f :write, :value \"" + big + "\"}\n");
        assertEquals(big, HistoryReader.readAny(ednFile).ops().get(0).value());
    }

    @Test
    void bigIntegersStayNumbers() throws IOException {
        BigInteger huge = new BigInteger("123456789012345678901234567890");
        History json = new JsonlHistoryReader().read("b.jsonl", new StringReader(
                "{\"process\":0,\"type\":\"invoke\",\"f\":\"write\",\"value\":123456789012345678901234567890}\n"
                        + "{\"process\":0,\"type\":\"ok\",\"f\":\"write\",\"value\":123456789012345678901234567890}\n"
                        + "{\"process\":1,\"type\":\"invoke\",\"f\":\"read\",\"value\":null}\n"
                        + "{\"process\":1,\"type\":\"ok\",\"f\":\"read\",\"value\":\"123456789012345678901234567890\"}\n"));
        assertEquals(huge, json.ops().get(0).value());
        assertEquals(Verdict.NOT_LINEARIZABLE, casRegister(json), "a number is not the string of its digits");
        History e = edn("{:process 0, :type :invoke, :f :write, :value 123456789012345678901234567890N}\n"
                + "{:process 0, :type :invoke, :f :write, :value 42N}\n".replace(":type :invoke", ":type :ok"));
        assertEquals(huge, e.ops().get(0).value());
        assertEquals(42L, e.ops().get(1).value(), "a big integer that fits a long is a long");
    }
}
