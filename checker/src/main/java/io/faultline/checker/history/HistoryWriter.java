package io.faultline.checker.history;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedWriter;
import java.io.Closeable;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;

/**
 * Appends ops to a JSON Lines history file (format: {@code docs/history-format.md}).
 *
 * <p>Thread-safe. Each {@link #append} writes one whole line and flushes it to the operating
 * system, so a run that is killed leaves a file whose every complete line is a valid op.
 */
public final class HistoryWriter implements Closeable {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Writer out;
    private final boolean flushEachLine;

    private HistoryWriter(Writer out, boolean flushEachLine) {
        this.out = out;
        this.flushEachLine = flushEachLine;
    }

    /** Opens {@code file} for appending (creating it if needed); every line is flushed. */
    public static HistoryWriter open(Path file) throws IOException {
        Path parent = file.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        return new HistoryWriter(Files.newBufferedWriter(file, StandardCharsets.UTF_8,
                StandardOpenOption.CREATE, StandardOpenOption.APPEND, StandardOpenOption.WRITE), true);
    }

    /** Writes a whole history at once (buffered, not flushed per line); replaces the file. */
    public static void writeAll(Path file, List<Op> ops) throws IOException {
        try (HistoryWriter w = new HistoryWriter(new BufferedWriter(
                Files.newBufferedWriter(file, StandardCharsets.UTF_8), 1 << 16), false)) {
            for (Op op : ops) {
                w.append(op);
            }
        }
    }

    /** The JSON line (without the newline) for one op. */
    public static String toLine(Op op) {
        try {
            return JSON.writeValueAsString(OpFields.toFields(op));
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("op " + op.index() + " cannot be written as JSON: "
                    + e.getOriginalMessage(), e);
        }
    }

    public void append(Op op) {
        String line = toLine(op);
        synchronized (this) {
            try {
                out.write(line);
                out.write('\n');
                if (flushEachLine) {
                    out.flush();
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    @Override
    public synchronized void close() throws IOException {
        out.close();
    }
}
