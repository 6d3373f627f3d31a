package io.faultline.harness.run;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.BufferedWriter;
import java.io.Closeable;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Map;

/**
 * A run's directory, {@code <root>/<timestamp>-<workload>-<seed>/}: history.jsonl,
 * config.json, nemesis.log, nodes/&lt;n&gt;.log, result.json, report.html. JSON files
 * are replaced atomically so that a reader never sees half of one.
 */
public final class RunDirectory implements Closeable {
    private static final DateTimeFormatter STAMP =
            DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);
    static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private final Path dir;
    private BufferedWriter nemesisLog;

    private RunDirectory(Path dir) {
        this.dir = dir;
    }

    /** Creates a fresh directory; a suffix keeps two runs of the same second and seed apart. */
    public static RunDirectory create(Path root, Instant start, String workload, long seed) throws IOException {
        String base = STAMP.format(start) + "-" + workload + "-" + seed;
        Files.createDirectories(root);
        for (int i = 1; ; i++) {
            Path candidate = root.resolve(i == 1 ? base : base + "-" + i);
            try {
                Files.createDirectory(candidate);
                Files.createDirectories(candidate.resolve("nodes"));
                return new RunDirectory(candidate);
            } catch (java.nio.file.FileAlreadyExistsException e) {
                // taken: try the next suffix
            }
        }
    }

    public Path path() {
        return dir;
    }

    /** The directory's name, also used as the run id in Docker labels. */
    public String name() {
        return dir.getFileName().toString();
    }

    public Path history() {
        return dir.resolve("history.jsonl");
    }

    public Path nodesDir() {
        return dir.resolve("nodes");
    }

    public Path report() {
        return dir.resolve("report.html");
    }

    public Path resultFile() {
        return dir.resolve("result.json");
    }

    public void writeConfig(Map<String, Object> config) {
        writeJson("config.json", config);
    }

    public void writeResult(Map<String, Object> result) {
        writeJson("result.json", result);
    }

    public void writeJson(String name, Object value) {
        try {
            writeAtomically(dir.resolve(name), JSON.writeValueAsBytes(value));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + dir.resolve(name) + ": " + e.getMessage(), e);
        }
    }

    public void writeText(String name, String text) {
        try {
            writeAtomically(dir.resolve(name), text.getBytes(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + dir.resolve(name) + ": " + e.getMessage(), e);
        }
    }

    /** Appends one line to nemesis.log, flushed at once. */
    public synchronized void nemesisLog(String line) {
        try {
            if (nemesisLog == null) {
                nemesisLog = Files.newBufferedWriter(dir.resolve("nemesis.log"), StandardCharsets.UTF_8,
                        StandardOpenOption.CREATE, StandardOpenOption.APPEND);
            }
            nemesisLog.write(line);
            nemesisLog.newLine();
            nemesisLog.flush();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write nemesis.log: " + e.getMessage(), e);
        }
    }

    private static void writeAtomically(Path target, byte[] bytes) throws IOException {
        Path tmp = target.resolveSibling(target.getFileName() + ".tmp");
        Files.write(tmp, bytes);
        Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    @Override
    public synchronized void close() throws IOException {
        if (nemesisLog != null) nemesisLog.close();
        nemesisLog = null;
    }
}
