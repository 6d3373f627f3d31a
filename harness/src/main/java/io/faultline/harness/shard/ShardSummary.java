package io.faultline.harness.shard;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.faultline.harness.detect.Subject;
import io.faultline.harness.detect.Trial;
import io.faultline.harness.run.RunStatus;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * What one shard of {@code sim} or {@code detect} leaves in its output directory for
 * {@code faultline merge}: its place among the shards, the configuration it ran, and every
 * seed's (sim) or run's (detect) outcome, enough to print what one machine would have.
 *
 * @param seedsFirst    the whole range's first seed (of every shard, not this one's)
 * @param command       the command the shards ran, without the shard options
 * @param complete      false when the shard was stopped before its last run (detect: Ctrl-C, setup errors)
 * @param loadAtStart   the machine's load average when the shard started (detect), null for sim
 * @param seeds         sim: each seed taken, in order (a shard without --keep-going stops at its first failure)
 * @param trials        detect: each run, in the order they ended
 */
public record ShardSummary(int format, String kind, int shard, int shards, long seedsFirst, long seedsLast,
        Map<String, String> configuration, String command, double wallSeconds, boolean complete,
        String loadAtStart, String loadAtEnd, List<SimSeed> seeds, List<DetectTrial> trials) {

    public static final int FORMAT = 1;
    public static final String SIM = "sim";
    public static final String DETECT = "detect";

    private static final ObjectMapper JSON = new ObjectMapper()
            .setPropertyNamingStrategy(PropertyNamingStrategies.KEBAB_CASE)
            .setSerializationInclusion(JsonInclude.Include.NON_NULL)
            .enable(SerializationFeature.INDENT_OUTPUT)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES);

    public ShardSummary {
        configuration = java.util.Collections.unmodifiableMap(new java.util.TreeMap<>(configuration));
    }

    /**
     * One simulated seed. {@code why}, {@code directory} and {@code replay} are kept for the
     * seeds the series printed (failures), null for the others.
     */
    public record SimSeed(long seed, RunStatus status, double simulatedSeconds, String why, String directory,
            String replay) {}

    /** One run of the detection matrix, as {@link Trial} holds it. */
    public record DetectTrial(String subject, long seed, RunStatus status, Double foundAtSeconds, double wallSeconds,
            String directory, int faultsPlayed, int faultsPlanned) {
        public static DetectTrial of(Trial t) {
            return new DetectTrial(t.subject().label(), t.seed(), t.status(), t.foundAtSeconds(), t.wallSeconds(),
                    t.directory() == null ? null : t.directory().toString(), t.faultsPlayed(), t.faultsPlanned());
        }

        public Trial trial() {
            Subject s = subject.equals(Subject.HEALTHY.label()) ? Subject.HEALTHY : new Subject(subject);
            return new Trial(s, seed, status, foundAtSeconds, wallSeconds, directory == null ? null : Path.of(directory),
                    faultsPlayed, faultsPlanned);
        }
    }

    public Shard place() {
        return new Shard(shard, shards);
    }

    /** Every seed of the whole range, in order. */
    public List<Long> allSeeds() {
        List<Long> out = new ArrayList<>();
        for (long s = seedsFirst; s <= seedsLast; s++) out.add(s);
        return out;
    }

    /** {@code sim-shard-2-of-4.json}: shards of one run may share a directory. */
    public static String fileName(String kind, Shard shard) {
        return kind + "-shard-" + shard.index() + "-of-" + shard.count() + ".json";
    }

    /** Whether {@code file} is named as a shard summary. */
    public static boolean named(Path file) {
        return file.getFileName().toString().matches("(sim|detect)-shard-\\d+-of-\\d+\\.json");
    }

    /** Writes the summary into {@code dir} whole or not at all; returns the file. */
    public Path write(Path dir) throws IOException {
        Files.createDirectories(dir);
        Path file = dir.resolve(fileName(kind, place()));
        Path part = dir.resolve(file.getFileName() + ".part");
        JSON.writeValue(part.toFile(), this);
        return Files.move(part, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    /** Reads a summary, refusing a file that is not one (with the reason). */
    public static ShardSummary read(Path file) {
        ShardSummary s;
        try {
            s = JSON.readValue(file.toFile(), ShardSummary.class);
        } catch (IOException e) {
            throw new IllegalArgumentException(file + ": not a readable shard summary: " + firstLine(e.getMessage()));
        }
        if (s.format != FORMAT) {
            throw new IllegalArgumentException(file + ": a shard summary of format " + s.format + "; this Faultline reads "
                    + FORMAT);
        }
        if (!SIM.equals(s.kind) && !DETECT.equals(s.kind)) {
            throw new IllegalArgumentException(file + ": unknown kind '" + s.kind + "' (sim or detect)");
        }
        if ((SIM.equals(s.kind) ? s.seeds : s.trials) == null) {
            throw new IllegalArgumentException(file + ": a " + s.kind + " summary without its "
                    + (SIM.equals(s.kind) ? "seeds" : "trials"));
        }
        try {
            s.place();
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(file + ": " + e.getMessage());
        }
        return s;
    }

    private static String firstLine(String m) {
        if (m == null) return "";
        int nl = m.indexOf('\n');
        return nl < 0 ? m : m.substring(0, nl);
    }
}
