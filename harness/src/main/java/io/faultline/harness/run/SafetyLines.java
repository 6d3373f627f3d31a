package io.faultline.harness.run;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.stream.Stream;

/**
 * What a run's node logs say of Raft's safety: the lines in which a node says it caught it
 * broken, and two nodes that each say they became leader in the same term (Election
 * Safety). The system decides which lines say what. A history can look linearizable while
 * the nodes disagree on what was committed: when the cluster stalls after such a split, or
 * when the second leader of a term halts before anyone reads what it lost, no read shows
 * the loss, but the logs do. Docker runs read them from the run directory, simulated runs
 * from memory.
 */
public final class SafetyLines {
    private static final int KEEP = 20;

    /** How a system's log lines are read: a safety line, and the term of an election won. */
    public record Reading(Predicate<String> saysSafetyBroke, Function<String, OptionalLong> electedTerm) {}

    private SafetyLines() {}

    /**
     * Each finding as a sentence ("n2 logged: line", or "two leaders in term 5 (Election
     * Safety): n1 logged: line | n3 logged: line"), in node order, at most {@value #KEEP};
     * none when the logs are missing.
     */
    static List<String> scan(Path nodesDir, Reading reading) {
        Map<String, String> logs = new LinkedHashMap<>();
        if (nodesDir == null || !Files.isDirectory(nodesDir)) return List.of();
        List<Path> files;
        try (Stream<Path> list = Files.list(nodesDir)) {
            files = list.filter(p -> p.getFileName().toString().endsWith(".log")).sorted().toList();
        } catch (IOException e) {
            return List.of();
        }
        for (Path log : files) {
            try {
                logs.put(log.getFileName().toString().replaceFirst("\\.log$", ""), Files.readString(log, StandardCharsets.UTF_8));
            } catch (IOException | java.io.UncheckedIOException e) {
                // an unreadable log says nothing
            }
        }
        return scan(logs, reading);
    }

    /** The same from logs held in memory, keyed by node name ("n1"), in the map's order. */
    public static List<String> scan(Map<String, String> logs, Reading reading) {
        List<String> found = new ArrayList<>();
        Map<Long, String> electedIn = new LinkedHashMap<>(); // term -> "n1: line"
        for (Map.Entry<String, String> log : logs.entrySet()) {
            String node = log.getKey();
            log.getValue().lines().forEach(line -> {
                String named = node + " logged: " + line.strip();
                if (reading.saysSafetyBroke().test(line)) found.add(named);
                OptionalLong term = reading.electedTerm().apply(line);
                if (term.isEmpty()) return;
                String first = electedIn.putIfAbsent(term.getAsLong(), named);
                if (first != null && !first.startsWith(node + " logged: ")) {
                    found.add("two leaders in term " + term.getAsLong() + " (Election Safety): " + first + " | " + named);
                }
            });
        }
        return found.size() > KEEP ? List.copyOf(found.subList(0, KEEP)) : found;
    }

    /** The first finding as the run's safety finding, with how many more there were; empty without any. */
    public static Optional<String> finding(List<String> lines) {
        if (lines.isEmpty()) return Optional.empty();
        String more = lines.size() > 1 ? " (" + (lines.size() - 1) + " more such findings in the node logs)" : "";
        return Optional.of("Raft safety broken: " + lines.get(0) + more);
    }
}
