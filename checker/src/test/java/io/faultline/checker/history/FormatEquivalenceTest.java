package io.faultline.checker.history;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.faultline.checker.CheckOptions;
import io.faultline.checker.Checker;
import io.faultline.checker.model.Model;
import io.faultline.checker.model.ModelOptions;
import io.faultline.checker.model.Models;
import java.io.IOException;
import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The same history in each layout reads to the same ops and gets the same verdict. */
class FormatEquivalenceTest {
    @TempDir
    Path dir;

    private static Path reference(String name) {
        Path d = Path.of("").toAbsolutePath();
        while (!Files.isDirectory(d.resolve("histories/reference"))) {
            d = d.getParent();
        }
        return d.resolve("histories/reference").resolve(name);
    }

    @Test
    void mapPerLineVectorAndJsonLinesAgree() throws IOException {
        for (String name : List.of("etcd/etcd_000.edn", "etcd/etcd_002.edn", "porcupine-kv/c10-bad.edn")) {
            Path edn = reference(name);
            History perLine = HistoryReader.readAny(edn);
            String text = Files.readString(edn);
            History vector = new EdnHistoryReader().read("v.edn", new StringReader("[" + text + "]"));
            assertEquals(perLine.ops(), vector.ops(), name);
            Path jsonl = dir.resolve("h.jsonl");
            HistoryWriter.writeAll(jsonl, perLine.ops());
            History json = HistoryReader.readAny(jsonl);
            assertEquals(perLine.ops(), json.ops(), name);
            Model model = name.startsWith("etcd") ? Models.byName("cas-register")
                    : Models.byName("kv", ModelOptions.parse("missing-key=empty"));
            CheckOptions fast = CheckOptions.defaults().withShrink(false);
            assertEquals(Checker.check(perLine, model, fast).verdict(), Checker.check(json, model, fast).verdict(), name);
        }
    }
}
