package io.faultline.harness.run;

import io.faultline.harness.system.SystemUnderTest;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
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

    private final SystemUnderTest system;
    private final List<String> found = new ArrayList<>();
    /** The first line saying a node became leader, by term, with that node's name. */
    private final Map<Long, String[]> electedIn = new HashMap<>();

    private SafetyLines(SystemUnderTest system) {
        this.system = system;
    }

    /**
     * Each finding as a sentence ("n2 logged: line", or "two leaders in term 5 (Election
     * Safety): n1 logged: line | n3 logged: line"), in node order, at most {@value #KEEP};
     * none when the logs are missing.
     */
    static List<String> scan(Path nodesDir, SystemUnderTest system) {
        SafetyLines s = new SafetyLines(system);
        if (nodesDir == null || !Files.isDirectory(nodesDir)) return s.found;
        List<Path> files;
        try (Stream<Path> list = Files.list(nodesDir)) {
            files = list.filter(p -> p.getFileName().toString().endsWith(".log")).sorted().toList();
        } catch (IOException e) {
            return s.found;
        }
        for (Path log : files) {
            try (Stream<String> lines = Files.lines(log, StandardCharsets.UTF_8)) {
                s.read(log.getFileName().toString().replaceFirst("\\.log$", ""), lines);
            } catch (IOException | java.io.UncheckedIOException e) {
                // an unreadable log says nothing
            }
        }
        return s.kept();
    }

    /** The same from logs held in memory, keyed by node name ("n1"), in the map's order. */
    public static List<String> scan(Map<String, String> logs, SystemUnderTest system) {
        SafetyLines s = new SafetyLines(system);
        logs.forEach((node, text) -> s.read(node, text.lines()));
        return s.kept();
    }

    private void read(String node, Stream<String> lines) {
        lines.forEach(line -> {
            if (system.saysSafetyBroke(line)) found.add(named(node, line));
            OptionalLong term = system.electedTerm(line);
            if (term.isEmpty()) return;
            String[] first = electedIn.putIfAbsent(term.getAsLong(), new String[] {node, line});
            if (first != null && !first[0].equals(node)) {
                found.add("two leaders in term " + term.getAsLong() + " (Election Safety): " + named(first[0], first[1])
                        + " | " + named(node, line));
            }
        });
    }

    private static String named(String node, String line) {
        return node + " logged: " + line.strip();
    }

    private List<String> kept() {
        return found.size() > KEEP ? List.copyOf(found.subList(0, KEEP)) : found;
    }

    /** The first finding as the run's safety finding, with how many more there were; empty without any. */
    public static Optional<String> finding(List<String> lines) {
        if (lines.isEmpty()) return Optional.empty();
        String more = lines.size() > 1 ? " (" + (lines.size() - 1) + " more such findings in the node logs)" : "";
        return Optional.of("Raft safety broken: " + lines.get(0) + more);
    }
}
