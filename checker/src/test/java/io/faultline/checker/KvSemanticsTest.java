package io.faultline.checker;

import io.faultline.checker.verdict.Verdict;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.faultline.checker.history.EdnHistoryReader;
import io.faultline.checker.history.History;
import io.faultline.checker.history.JsonlHistoryReader;
import io.faultline.checker.model.Models;
import io.faultline.checker.report.HtmlReport;
import java.io.IOException;
import java.io.StringReader;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The rules of docs/history-format.md's semantics table, one history each. */
class KvSemanticsTest {

    private static CheckResult kv(String edn) throws IOException {
        History h = new EdnHistoryReader().read("kv.edn", new StringReader(edn));
        return Checker.check(h, Models.byName("kv"), CheckOptions.defaults().withTimeout(Duration.ofSeconds(10)));
    }

    private static String sequential(String... ops) {
        StringBuilder b = new StringBuilder();
        for (String op : ops) {
            // "f key value → read": invoke and ok of process 0, one after the other.
            String[] p = op.split(" ", 3);
            String[] inOut = p[2].split(" → ");
            String in = inOut[0];
            String out = inOut.length > 1 ? inOut[1] : in;
            b.append("{:process 0, :type :invoke, :f :").append(p[0]).append(", :key ").append(p[1])
                    .append(", :value ").append(in).append("}\n");
            b.append("{:process 0, :type :ok, :f :").append(p[0]).append(", :key ").append(p[1])
                    .append(", :value ").append(out).append("}\n");
        }
        return b.toString();
    }

    @Test
    void appendToAnAbsentKeySetsItAndToAStringExtendsIt() throws IOException {
        assertEquals(Verdict.LINEARIZABLE, kv(sequential("append \"k\" \"a\"", "append \"k\" \"b\"",
                "get \"k\" nil → \"ab\"")).verdict());
    }

    @Test
    void appendToAnIntegerCannotHappen() throws IOException {
        CheckResult r = kv(sequential("put \"k\" 5", "append \"k\" \"x\"", "get \"k\" nil → \"x\""));
        assertEquals(Verdict.NOT_LINEARIZABLE, r.verdict());
        assertTrue(r.violations().get(0).violation().explanation().contains("cannot happen while key \"k\" is 5"),
                r.violations().get(0).violation().explanation());
        // An append of unknown outcome on an integer simply never took effect.
        String info = sequential("put \"k\" 5")
                + "{:process 1, :type :invoke, :f :append, :key \"k\", :value \"x\"}\n"
                + "{:process 1, :type :info, :f :append, :key \"k\", :value \"x\"}\n"
                + sequential("get \"k\" nil → 5");
        assertEquals(Verdict.LINEARIZABLE, kv(info).verdict());
    }

    @Test
    void keysOfDifferentTypesAreDifferentKeys() throws IOException {
        String edn = sequential("put 7 \"a\"", "get \"7\" nil → nil", "get 7 nil → \"a\"");
        CheckResult r = kv(edn);
        assertEquals(Verdict.LINEARIZABLE, r.verdict());
        assertEquals(2, r.partitions().size());
        assertEquals(Verdict.NOT_LINEARIZABLE, kv(edn.replace("→ nil", "→ \"a\"")
                .replace(":key \"7\", :value nil}", ":key \"7\", :value \"a\"}")).verdict());
        // Keywords are strings: :k and "k" are one key.
        assertEquals(Verdict.LINEARIZABLE, kv(sequential("put :k \"a\"", "get \"k\" nil → \"a\"")).verdict());
    }

    @Test
    void integerKeysInJsonLinesToo() throws IOException {
        String jsonl = """
                {"process":0,"type":"invoke","f":"put","key":"7","value":"a"}
                {"process":0,"type":"ok","f":"put","key":"7","value":"a"}
                {"process":0,"type":"invoke","f":"get","key":7,"value":null}
                {"process":0,"type":"ok","f":"get","key":7,"value":"a"}
                """;
        History h = new JsonlHistoryReader().read("k.jsonl", new StringReader(jsonl));
        CheckResult r = Checker.check(h, Models.byName("kv"), CheckOptions.defaults());
        assertEquals(Verdict.NOT_LINEARIZABLE, r.verdict(), "key 7 was never written");
        assertEquals(7L, r.violations().get(0).key());
        assertTrue(r.violations().get(0).violation().explanation().startsWith("Key 7 is not linearizable"),
                r.violations().get(0).violation().explanation());
        // The report's key filter compares text, so the page gets integer keys as text.
        String page = HtmlReport.render(r, h).replaceAll("\\s", "");
        assertTrue(page.contains("\"focusKey\":\"7\""), "focus key as text");
        assertTrue(page.contains("\"keys\":[\"7\"]"), "the rows carry the key as text (one dictionary entry for both)");
    }

    @Test
    void bigIntegersAreNumbersNotStrings() throws IOException {
        String big = "1180591620717411303424"; // 2^70
        assertEquals(Verdict.LINEARIZABLE, kv(sequential("put \"k\" " + big + "N", "get \"k\" nil → " + big + "N"))
                .verdict());
        assertEquals(Verdict.NOT_LINEARIZABLE, kv(sequential("put \"k\" " + big + "N",
                "get \"k\" nil → \"" + big + "\"")).verdict());
        assertEquals(Verdict.NOT_LINEARIZABLE, kv(sequential("put \"k\" \"" + big + "\"",
                "get \"k\" nil → " + big + "N")).verdict());
    }
}
