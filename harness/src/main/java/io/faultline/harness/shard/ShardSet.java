package io.faultline.harness.shard;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Every shard of one sharded run, read from their summaries and checked to fit together: one
 * kind, one shard count, one configuration and seed range, each index exactly once.
 *
 * @param shards by index, 0 to count - 1
 */
public record ShardSet(String kind, List<ShardSummary> shards, List<Path> files) {

    /**
     * Reads the summaries in each directory (its {@code sim-shard-I-of-N.json} and
     * {@code detect-shard-I-of-N.json} files; a file may be named directly) and refuses, with
     * the reason, a set that is not exactly the shards of one run.
     */
    public static ShardSet load(List<Path> places) {
        if (places.isEmpty()) throw new IllegalArgumentException("name the shards' output directories");
        Map<Path, ShardSummary> read = new LinkedHashMap<>();
        for (Path place : places) {
            for (Path f : summaryFiles(place)) {
                Path real;
                try {
                    real = f.toRealPath();
                } catch (IOException e) {
                    throw new IllegalArgumentException(f + ": " + e.getMessage());
                }
                if (!read.containsKey(real)) read.put(real, ShardSummary.read(f));
            }
        }
        Map<String, List<Path>> byKind = new TreeMap<>();
        read.forEach((f, s) -> byKind.computeIfAbsent(s.kind(), k -> new ArrayList<>()).add(f));
        if (byKind.size() > 1) {
            throw new IllegalArgumentException("sim and detect summaries cannot be merged together: "
                    + byKind.entrySet().stream().map(e -> e.getKey() + " in " + listed(e.getValue()))
                    .collect(Collectors.joining("; ")));
        }
        Map<Integer, List<Path>> byCount = new TreeMap<>();
        read.forEach((f, s) -> byCount.computeIfAbsent(s.shards(), k -> new ArrayList<>()).add(f));
        if (byCount.size() > 1) {
            throw new IllegalArgumentException("the summaries are of different shard counts: "
                    + byCount.entrySet().stream().map(e -> "of " + e.getKey() + " in " + listed(e.getValue()))
                    .collect(Collectors.joining("; ")));
        }
        Map<Integer, Map.Entry<Path, ShardSummary>> byIndex = new TreeMap<>();
        for (Map.Entry<Path, ShardSummary> e : read.entrySet()) {
            Map.Entry<Path, ShardSummary> before = byIndex.putIfAbsent(e.getValue().shard(), e);
            if (before != null) {
                throw new IllegalArgumentException("shard " + e.getValue().place() + " is given twice (overlapping "
                        + "shards): " + before.getKey() + " and " + e.getKey());
            }
        }
        Map.Entry<Path, ShardSummary> first = byIndex.values().iterator().next();
        for (Map.Entry<Path, ShardSummary> e : byIndex.values()) {
            List<String> diff = Configuration.differences(compared(first.getValue()), compared(e.getValue()));
            if (!diff.isEmpty()) {
                throw new IllegalArgumentException("shards " + first.getValue().place() + " (" + first.getKey()
                        + ") and " + e.getValue().place() + " (" + e.getKey() + ") ran different configurations: "
                        + String.join("; ", diff));
            }
        }
        int count = first.getValue().shards();
        List<Integer> missing = new ArrayList<>();
        for (int i = 0; i < count; i++) if (!byIndex.containsKey(i)) missing.add(i);
        if (!missing.isEmpty()) {
            List<Long> all = first.getValue().allSeeds();
            throw new IllegalArgumentException("missing shard" + (missing.size() > 1 ? "s " : " ")
                    + missing.stream().map(String::valueOf).collect(Collectors.joining(", ")) + " of " + count
                    + ": " + missing.stream().map(i -> "shard " + i + " has seeds " + seeds(new Shard(i, count).pick(all)))
                    .collect(Collectors.joining("; ")));
        }
        return new ShardSet(first.getValue().kind(),
                byIndex.values().stream().map(Map.Entry::getValue).toList(),
                byIndex.values().stream().map(Map.Entry::getKey).toList());
    }

    /** The configuration with the seed range, as shards are compared. */
    private static Map<String, String> compared(ShardSummary s) {
        Map<String, String> m = new TreeMap<>(s.configuration());
        m.put("seeds", s.seedsFirst() + ".." + s.seedsLast());
        return m;
    }

    private static List<Path> summaryFiles(Path place) {
        if (Files.isRegularFile(place)) return List.of(place);
        if (!Files.isDirectory(place)) throw new IllegalArgumentException(place + ": no such file or directory");
        List<Path> found;
        try (Stream<Path> files = Files.list(place)) {
            found = files.filter(f -> Files.isRegularFile(f) && ShardSummary.named(f)).sorted().toList();
        } catch (IOException e) {
            throw new IllegalArgumentException(place + ": " + e.getMessage());
        }
        if (found.isEmpty()) {
            throw new IllegalArgumentException(place + ": no shard summary in it (sim-shard-I-of-N.json or "
                    + "detect-shard-I-of-N.json, written by sim or detect with --shard)");
        }
        return found;
    }

    private static String listed(List<Path> files) {
        return files.stream().map(Path::toString).collect(Collectors.joining(", "));
    }

    /** The first few seeds, the last, and how many. */
    public static String seeds(List<Long> seeds) {
        if (seeds.isEmpty()) return "none";
        Set<String> shown = new LinkedHashSet<>();
        for (int i = 0; i < Math.min(5, seeds.size()); i++) shown.add(String.valueOf(seeds.get(i)));
        String head = String.join(", ", shown);
        if (seeds.size() > 6) head += ", …";
        if (seeds.size() > 5) head += ", " + seeds.get(seeds.size() - 1);
        return head + " (" + seeds.size() + (seeds.size() == 1 ? " seed)" : " seeds)");
    }
}
