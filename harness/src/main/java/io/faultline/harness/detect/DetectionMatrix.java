package io.faultline.harness.detect;

import io.faultline.harness.run.RunStatus;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;

/**
 * Runs every subject (each unsafe flag and the healthy node) with the same
 * configuration over the same seeds. Seed by seed, every subject once, so that a
 * matrix stopped early (Ctrl-C) has measured every row about equally. Stops at an
 * interrupted run or a setup error (which the next runs would only repeat).
 */
public final class DetectionMatrix {
    /** One run of {@code subject} with {@code seed}. */
    @FunctionalInterface
    public interface RunOne {
        Trial run(Subject subject, long seed) throws Exception;
    }

    private final List<Subject> subjects;
    private final List<Long> seeds;

    public DetectionMatrix(List<Subject> subjects, List<Long> seeds) {
        if (subjects.isEmpty() || seeds.isEmpty()) throw new IllegalArgumentException("nothing to run");
        this.subjects = List.copyOf(subjects);
        this.seeds = List.copyOf(seeds);
    }

    /** Seeds {@code first}, {@code first + 1}, …: easy to repeat one cell with {@code faultline run --seed}. */
    public static List<Long> seeds(long first, int count) {
        if (count < 1) throw new IllegalArgumentException("--seeds must be at least 1");
        List<Long> out = new ArrayList<>();
        for (int i = 0; i < count; i++) out.add(first + i);
        return out;
    }

    public List<Subject> subjects() {
        return subjects;
    }

    public int runs() {
        return subjects.size() * seeds.size();
    }

    /**
     * @param stopped  asked before each run: true stops the matrix (Ctrl-C)
     * @param measured told of each trial as it ends
     * @return the trials run, in order; fewer than {@link #runs()} when stopped
     */
    public List<Trial> run(RunOne runOne, BooleanSupplier stopped, Consumer<Trial> measured) throws Exception {
        List<Trial> trials = new ArrayList<>();
        for (long seed : seeds) {
            for (Subject s : subjects) {
                if (stopped.getAsBoolean()) return trials;
                Trial t = runOne.run(s, seed);
                trials.add(t);
                measured.accept(t);
                if (t.status() == RunStatus.INTERRUPTED || t.status() == RunStatus.SETUP_ERROR) return trials;
            }
        }
        return trials;
    }
}
