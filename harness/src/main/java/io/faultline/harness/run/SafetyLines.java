package io.faultline.harness.run;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;
import java.util.stream.Stream;

/**
 * The lines of a run's node logs in which a node says it caught Raft's safety broken
 * (the system decides which lines those are). A history can look linearizable while the
 * nodes disagree on what was committed: when the cluster stalls after such a split, no
 * read ever shows the loss, but the node that refuses to overwrite its committed entry
 * says so. Docker runs read the logs from the run directory, simulated runs from memory.
 */
public final class SafetyLines {
    private static final int KEEP = 20;

    private SafetyLines() {}

    /** "n2: line" for each such line, in node order, at most {@value #KEEP}; none when the logs are missing. */
    static List<String> scan(Path nodesDir, Predicate<String> saysSafetyBroke) {
        List<String> found = new ArrayList<>();
        if (nodesDir == null || !Files.isDirectory(nodesDir)) return found;
        List<Path> logs;
        try (Stream<Path> files = Files.list(nodesDir)) {
            logs = files.filter(p -> p.getFileName().toString().endsWith(".log")).sorted().toList();
        } catch (IOException e) {
            return found;
        }
        for (Path log : logs) {
            String node = log.getFileName().toString().replaceFirst("\\.log$", "");
            try (Stream<String> lines = Files.lines(log, StandardCharsets.UTF_8)) {
                collect(node, lines, saysSafetyBroke, found);
            } catch (IOException | java.io.UncheckedIOException e) {
                // an unreadable log says nothing
            }
            if (found.size() >= KEEP) break;
        }
        return found;
    }

    /** The same from logs held in memory, keyed by node name ("n1"), in the map's order. */
    public static List<String> scan(Map<String, String> logs, Predicate<String> saysSafetyBroke) {
        List<String> found = new ArrayList<>();
        for (Map.Entry<String, String> log : logs.entrySet()) {
            collect(log.getKey(), log.getValue().lines(), saysSafetyBroke, found);
            if (found.size() >= KEEP) break;
        }
        return found;
    }

    private static void collect(String node, Stream<String> lines, Predicate<String> saysSafetyBroke, List<String> found) {
        lines.filter(saysSafetyBroke).limit(KEEP - found.size()).forEach(l -> found.add(node + ": " + l.strip()));
    }

    /** The first line as the run's safety finding, with how many more there were; empty without lines. */
    public static Optional<String> finding(List<String> lines) {
        if (lines.isEmpty()) return Optional.empty();
        String more = lines.size() > 1 ? " (" + (lines.size() - 1) + " more such lines in the node logs)" : "";
        return Optional.of("Raft safety broken, logged by " + lines.get(0) + more);
    }
}
