package io.faultline.harness.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.faultline.harness.detect.Subject;
import io.faultline.harness.detect.Trial;
import io.faultline.harness.run.RunStatus;
import io.faultline.harness.shard.Shard;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * sim and detect sharded in 4 and merged print what one machine prints over the same seeds:
 * sim for real (a node with stale reads, so that seeds fail), detect with its runs faked
 * (a fixed outcome per row and seed, as a cluster would give), so that no Docker is needed.
 */
class ShardMergeTest {
    private static final String[] SIM = {"--seeds", "3..14", "--time-limit", "5s", "--no-progress",
            "--node-flags", "--unsafe-stale-reads --i-know-this-is-unsafe"};
    private static final String[] DETECT = {"--seed", "3", "--seeds", "8", "--flags", "stale-reads,lost-fsync",
            "--require", "50%", "--nodes", "3", "--time-limit", "5s"};

    @TempDir
    Path tmp;

    /** What a command printed and returned. */
    record Printed(int exit, String out, String err) {
        List<String> errLines() {
            return Arrays.asList(err.split("\n"));
        }
    }

    @Test
    void simShardedInFourAndMergedPrintsWhatOneMachinePrints() {
        for (boolean keepGoing : List.of(true, false)) {
            String[] args = keepGoing ? with(SIM, "--keep-going") : SIM;
            Path dir = tmp.resolve(keepGoing ? "keep-going" : "first-failure");
            Printed one = sim(with(args, "--out", dir.resolve("one").toString()), Map.of());
            assertEquals(1, one.exit(), "seeds 3..14 include a violation: " + one.err());
            List<Path> shards = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                Path out = dir.resolve("shard-" + i);
                // Shard 3 takes its index from Kubernetes.
                Printed shard = i == 3
                        ? sim(with(args, "--shard-count", "4", "--out", out.toString()), Map.of(Shard.INDEX_VARIABLE, "3"))
                        : sim(with(args, "--shard", i + "/4", "--out", out.toString()), Map.of());
                assertTrue(shard.err().contains("[sim] shard " + i + "/4: summary " + out.resolve("sim-shard-" + i + "-of-4.json")),
                        shard.err());
                shards.add(out);
            }
            Printed merged = merge(shards);
            assertEquals(one.exit(), merged.exit());
            assertEquals("", merged.out());
            assertEquals(simLines(one), simLines(merged), "keep-going " + keepGoing);
            // Without --keep-going one machine stops at seed 7, the first failure; the other shards ran past it.
            assertTrue(merged.err().contains("[sim] summary: " + (keepGoing ? "12 seeds" : "5 seeds")), merged.err());
            for (String line : merged.errLines()) {
                if (line.contains("run directory ")) {
                    Path run = Path.of(line.substring(line.indexOf("run directory ") + 14));
                    assertTrue(Files.isDirectory(run) && run.startsWith(dir), "the shard's own run directory: " + line);
                }
            }
        }
    }

    @Test
    void detectShardedInFourAndMergedPrintsTheTableOneMachinePrints() {
        Printed one = detect(with(DETECT, "--out", tmp.resolve("one").toString()));
        List<Path> shards = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            Path out = tmp.resolve("shard-" + i);
            Printed shard = detect(with(DETECT, "--shard", i + "/4", "--out", out.toString()));
            assertTrue(shard.err().contains("[detect] 1/6 "), "two seeds of eight, three rows: " + shard.err());
            shards.add(out);
        }
        Printed merged = merge(shards);
        List<String> oneOut = Arrays.asList(one.out().split("\n"));
        List<String> mergedOut = Arrays.asList(merged.out().split("\n"));
        assertEquals(6, oneOut.size(), "a comment, the table's head, three rows: " + one.out());
        assertEquals(oneOut.subList(1, oneOut.size()), mergedOut.subList(1, mergedOut.size()), "the table");
        assertEquals(command(oneOut.get(0)), command(mergedOut.get(0)), "the command over the table");
        assertTrue(mergedOut.get(0).contains("merged from 4 shards"), mergedOut.get(0));
        assertEquals(1, one.exit(), "a false alarm and lost-fsync under 50%: " + one.err());
        assertEquals(one.exit(), merged.exit());
        List<String> verdict = verdictLines(one);
        assertEquals(2, verdict.size(), one.err());
        assertEquals(verdict, verdictLines(merged));
    }

    @Test
    void shardsThatDoNotFitTogetherAreRefusedWithTheReason() throws Exception {
        List<Path> sim = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            Path out = tmp.resolve("sim-" + i);
            sim(with(SIM, "--keep-going", "--shard", i + "/4", "--out", out.toString()), Map.of());
            sim.add(out);
        }
        assertEquals(1, merge(sim).exit(), "they fit");
        refused(merge(List.of(sim.get(0), sim.get(1), sim.get(3))),
                "faultline merge: missing shard 2 of 4: shard 2 has seeds 5, 9, 13 (3 seeds)");
        Path twice = Files.createDirectories(tmp.resolve("twice"));
        Files.copy(sim.get(1).resolve("sim-shard-1-of-4.json"), twice.resolve("sim-shard-1-of-4.json"));
        refused(merge(with(sim, twice)), "faultline merge: shard 1/4 is given twice (overlapping shards): ");
        assertEquals(1, merge(with(sim, sim.get(2))).exit(), "the same directory named twice is read once");
        Path other = tmp.resolve("sim-2-other");
        String[] otherArgs = with(SIM, "--keep-going", "--shard", "2/4", "--out", other.toString(), "--drop", "0.02");
        otherArgs[Arrays.asList(otherArgs).indexOf("--time-limit") + 1] = "6s";
        sim(otherArgs, Map.of());
        refused(merge(List.of(sim.get(0), sim.get(1), other, sim.get(3))),
                "faultline merge: shards 0/4 (" + sim.get(0).resolve("sim-shard-0-of-4.json")
                        + ") and 2/4 (" + other.resolve("sim-shard-2-of-4.json")
                        + ") ran different configurations: drop: 0.01 vs 0.02; time-limit: 5s vs 6s");
        Path fewer = tmp.resolve("sim-fewer");
        sim(with(SIM, "--keep-going", "--shard", "0/3", "--out", fewer.toString()), Map.of());
        refused(merge(with(sim, fewer)), "faultline merge: the summaries are of different shard counts: of 3 in ");
        Path detect = tmp.resolve("detect-0");
        detect(with(DETECT, "--shard", "0/4", "--out", detect.toString()));
        refused(merge(with(sim, detect)), "faultline merge: sim and detect summaries cannot be merged together: detect in ");
        refused(merge(List.of(Files.createDirectories(tmp.resolve("empty")))), "faultline merge: " + tmp.resolve("empty")
                + ": no shard summary in it");
        Path broken = Files.createDirectories(tmp.resolve("broken"));
        Files.writeString(broken.resolve("sim-shard-0-of-4.json"), "{\"format\": 1, \"kind\": \"sim\"");
        refused(merge(List.of(broken)), "faultline merge: " + broken.resolve("sim-shard-0-of-4.json")
                + ": not a readable shard summary");
    }

    @Test
    void badShardOptionsAreRefusedBeforeAnyRun() {
        for (String[] bad : List.of(new String[] {"--shard", "4/4"}, new String[] {"--shard", "0/13"},
                new String[] {"--shard", "one/4"}, new String[] {"--shard-count", "4"})) {
            Printed p = sim(with(with(SIM, "--out", tmp.toString()), bad), Map.of());
            refused(p, "faultline sim: ");
            assertFalse(p.err().contains("[sim] seed"), "nothing ran");
            Printed d = detect(with(with(DETECT, "--out", tmp.toString()), bad));
            refused(d, "faultline detect: ");
            assertFalse(d.err().contains("[detect] 1/"), "nothing ran");
        }
        refused(sim(with(SIM, "--seed", "3", "--shard", "0/2"), Map.of()),
                "faultline sim: --shard 0/2 shares out a --seeds range; it is not for --seed");
        Printed disagree = sim(with(SIM, "--shard", "1/4"), Map.of(Shard.INDEX_VARIABLE, "2"));
        refused(disagree, "faultline sim: --shard 1/4 says index 1 but JOB_COMPLETION_INDEX is 2");
    }

    private Printed sim(String[] args, Map<String, String> env) {
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        SimCommand c = new SimCommand(new PrintStream(err, true, StandardCharsets.UTF_8));
        c.shards.env = env;
        int exit = new CommandLine(c).execute(args);
        return new Printed(exit, "", err.toString(StandardCharsets.UTF_8));
    }

    /**
     * detect with each run's outcome fixed by its row and seed; each command's first run of
     * healthy seed 6 fails to start (and runs once more), as a loaded machine's might.
     */
    private Printed detect(String[] args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        Set<String> started = new HashSet<>();
        DetectCommand c = DetectCommand.withRuns(new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8), (config, s, seed) -> {
                    boolean again = !started.add(s.label() + seed);
                    RunStatus status = outcome(s, seed, again);
                    Double found = status == RunStatus.VIOLATION ? 2.0 + seed * 1.5 + (s.healthy() ? 1 : 0) : null;
                    return new Trial(s, seed, status, found, 20 + seed % 5 + s.label().length() % 3,
                            config.outputRoot().resolve(s.label() + "-" + seed), 5 + (int) (seed % 2), 6);
                });
        c.shards.env = Map.of();
        int exit = new CommandLine(c).execute(args);
        return new Printed(exit, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    private static RunStatus outcome(Subject s, long seed, boolean again) {
        if (s.healthy()) {
            if (seed == 6 && !again) return RunStatus.SETUP_ERROR;
            return seed == 7 ? RunStatus.VIOLATION : RunStatus.LINEARIZABLE;
        }
        if (s.flag().equals("--unsafe-stale-reads")) return seed % 3 != 0 ? RunStatus.VIOLATION : RunStatus.LINEARIZABLE;
        return seed % 4 == 1 ? RunStatus.VIOLATION : seed % 4 == 2 ? RunStatus.NOT_RECOVERED : RunStatus.LINEARIZABLE;
    }

    private Printed merge(List<Path> dirs) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int exit = new CommandLine(new MergeCommand(new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8)))
                .execute(dirs.stream().map(Path::toString).toArray(String[]::new));
        return new Printed(exit, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    /**
     * sim's lines with what differs between machines masked: the wall time, the checker's time,
     * the run directory's time stamp and place.
     */
    private static List<String> simLines(Printed p) {
        return p.errLines().stream()
                .map(l -> l.replaceAll("in [0-9.]+ wall s \\([^)]*\\)", "in W wall s (…)")
                        .replaceAll(" in [0-9.]+ s, ([0-9]+ operations)$", " in T s, $1")
                        .replaceAll("run directory .*-(sim-kv-\\d+)$", "run directory …-$1"))
                .toList();
    }

    private static List<String> verdictLines(Printed p) {
        return p.errLines().stream().filter(l -> l.contains("false alarm") || l.contains(" caught in ")).toList();
    }

    /** The command in the comment over the table, the output directory masked (each shard has its own). */
    private static String command(String comment) {
        return comment.substring(0, comment.indexOf("; ")).replaceAll("--out \\S+", "--out DIR");
    }

    private static void refused(Printed p, String start) {
        assertEquals(2, p.exit(), p.err());
        assertTrue(p.err().startsWith(start), p.err());
        assertEquals("", p.out());
    }

    private static String[] with(String[] args, String... more) {
        return Stream.concat(Arrays.stream(args), Arrays.stream(more)).toArray(String[]::new);
    }

    private static List<Path> with(List<Path> dirs, Path more) {
        List<Path> out = new ArrayList<>(dirs);
        out.add(more);
        return out;
    }
}
