package io.faultline.checker;

import io.faultline.checker.verdict.Verdict;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.faultline.checker.bench.VerdictIndex;
import io.faultline.checker.history.History;
import io.faultline.checker.history.HistoryReader;
import io.faultline.checker.model.Models;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Every reference history with a known verdict must get that verdict. */
class ReferenceHistoriesTest {

    static Path referenceDir() {
        Path dir = Path.of("").toAbsolutePath();
        while (dir != null && !Files.isDirectory(dir.resolve("histories/reference"))) {
            dir = dir.getParent();
        }
        assertNotNull(dir, "histories/reference not found above " + Path.of("").toAbsolutePath());
        return dir.resolve("histories/reference");
    }

    static Stream<VerdictIndex.Entry> entries() throws IOException {
        return VerdictIndex.read(referenceDir()).stream();
    }

    @Test
    void indexListsAllFiftySixHistories() throws IOException {
        List<VerdictIndex.Entry> all = VerdictIndex.read(referenceDir());
        assertEquals(56, all.size());
        assertTrue(all.stream().allMatch(e -> Files.isRegularFile(e.file())), "every indexed file exists");
        assertTrue(all.stream().anyMatch(e -> e.expected() == Verdict.LINEARIZABLE));
        assertTrue(all.stream().anyMatch(e -> e.expected() == Verdict.NOT_LINEARIZABLE));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("entries")
    void verdictMatches(VerdictIndex.Entry entry) {
        History history = HistoryReader.readAny(entry.file());
        CheckResult result = Checker.check(history, Models.byName(entry.model(), entry.options()),
                CheckOptions.defaults().withTimeout(Duration.ofSeconds(60)));
        assertEquals(entry.expected(), result.verdict(), result.summary());
        if (result.verdict() == Verdict.NOT_LINEARIZABLE) {
            Violation v = result.violations().get(0).violation();
            assertNotNull(v);
            assertTrue(v.explanation().contains("not linearizable"), v.explanation());
        }
    }
}
