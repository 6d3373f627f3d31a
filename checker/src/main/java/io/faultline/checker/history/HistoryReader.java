package io.faultline.checker.history;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/** Reads a whole history; malformed input raises {@link HistoryException} with file and line. */
public interface HistoryReader {

    History read(String source, Reader in) throws IOException;

    default History read(Path file) throws IOException {
        try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            return read(file.toString(), in);
        }
    }

    /**
     * Reads a JSON Lines or EDN history, telling them apart by the extension, else by the file's
     * first non-blank character: {@code {"} is JSON; {@code {:}, {@code [}, {@code (},
     * {@code #} (a Jepsen record) and {@code ;} (a comment) are EDN.
     *
     * @throws HistoryException for a missing, unreadable or malformed file
     */
    static History readAny(Path file) {
        try {
            return forFile(file).read(file);
        } catch (NoSuchFileException e) {
            throw new HistoryException(file.toString(), 0, "no such file");
        } catch (java.nio.charset.MalformedInputException e) {
            throw new HistoryException(file.toString(), 0, "not UTF-8 text");
        } catch (IOException e) {
            throw new HistoryException(file.toString(), 0, "cannot read: " + e.getMessage());
        }
    }

    static HistoryReader forFile(Path file) throws IOException {
        String name = file.getFileName().toString().toLowerCase(java.util.Locale.ROOT);
        if (name.endsWith(".edn")) {
            return new EdnHistoryReader();
        }
        if (name.endsWith(".jsonl") || name.endsWith(".ndjson") || name.endsWith(".json")) {
            return new JsonlHistoryReader();
        }
        try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            int c;
            while ((c = in.read()) != -1) {
                if (Character.isWhitespace(c) || c == ',') {
                    continue;
                }
                if (c == '{') {
                    int d;
                    do {
                        d = in.read();
                    } while (d != -1 && Character.isWhitespace(d));
                    return d == '"' ? new JsonlHistoryReader() : new EdnHistoryReader();
                }
                return new EdnHistoryReader();
            }
        }
        return new JsonlHistoryReader();
    }
}
