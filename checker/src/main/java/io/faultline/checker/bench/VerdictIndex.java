package io.faultline.checker.bench;

import io.faultline.checker.verdict.Verdict;
import io.faultline.checker.history.HistoryException;
import io.faultline.checker.model.ModelOptions;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The {@code verdicts.tsv} of a directory of reference histories: file, model, expected
 * linearizability, and optional model options.
 */
public final class VerdictIndex {

    /**
     * @param file     the history file
     * @param model    the model name
     * @param expected the known verdict
     * @param options  model options
     */
    public record Entry(Path file, String model, Verdict expected, ModelOptions options) {
    }

    private VerdictIndex() {
    }

    public static List<Entry> read(Path directory) throws IOException {
        Path index = directory.resolve("verdicts.tsv");
        List<String> lines = Files.readAllLines(index, StandardCharsets.UTF_8);
        List<Entry> entries = new ArrayList<>();
        for (int i = 1; i < lines.size(); i++) {
            String line = lines.get(i);
            if (line.isBlank()) {
                continue;
            }
            String[] cols = line.split("\t");
            if (cols.length < 3) {
                throw new HistoryException(index.toString(), i + 1, "expected file, model, linearizable columns");
            }
            Verdict expected = switch (cols[2].trim()) {
                case "true" -> Verdict.LINEARIZABLE;
                case "false" -> Verdict.NOT_LINEARIZABLE;
                default -> throw new HistoryException(index.toString(), i + 1,
                        "linearizable must be true or false, got " + cols[2]);
            };
            ModelOptions options;
            try {
                options = ModelOptions.parse(cols.length > 3 ? cols[3] : "-");
            } catch (IllegalArgumentException e) {
                throw new HistoryException(index.toString(), i + 1, e.getMessage());
            }
            entries.add(new Entry(directory.resolve(cols[0].trim()), cols[1].trim(), expected, options));
        }
        return entries;
    }
}
