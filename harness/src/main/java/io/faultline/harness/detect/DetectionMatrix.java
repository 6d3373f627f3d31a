package io.faultline.harness.detect;

import io.faultline.harness.run.RunStatus;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;

/**
 * Runs every subject (each unsafe flag and the healthy node) with the same
 * configuration over the same seeds. Seed by seed, every subject once, so that a
 * matrix stopped early (Ctrl-C) has measured every row about equally. A cell whose
 * cluster could not start is run once more (a container that died during start on a
 * loaded machine should not end an hour's matrix); a second setup error, or an
 * interrupted run, stops the matrix (the next runs would only repeat it).
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
        return run(runOne, stopped, measured, 1);
    }

    /**
     * As {@link #run(RunOne, BooleanSupplier, Consumer)}, with up to {@code parallel} runs at
     * once, started in the same order; the trials are in the order they ended. A run already
     * under way when the matrix stops is waited for (it stops itself on Ctrl-C).
     */
    public List<Trial> run(RunOne runOne, BooleanSupplier stopped, Consumer<Trial> measured, int parallel)
            throws Exception {
        if (parallel < 1) throw new IllegalArgumentException("--parallel must be at least 1");
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(parallel, r -> {
            Thread t = new Thread(r, "faultline-detect");
            t.setDaemon(true);
            return t;
        });
        try {
            return run(runOne, stopped, measured, parallel, pool);
        } finally {
            pool.shutdown();
        }
    }

    /**
     * The matrix's loop over any executor: the one thread that calls it hands out cells and
     * takes results, so whether a new cell starts depends only on the results taken so far
     * (a test drives it with an executor that runs each cell when it is handed out).
     */
    List<Trial> run(RunOne runOne, BooleanSupplier stopped, Consumer<Trial> measured, int parallel,
                    java.util.concurrent.Executor executor) throws Exception {
        List<Trial> trials = new ArrayList<>();
        java.util.concurrent.ExecutorCompletionService<Trial> done = new java.util.concurrent.ExecutorCompletionService<>(executor);
        java.util.Iterator<java.util.Map.Entry<Subject, Long>> next = order().iterator();
        java.util.Deque<java.util.Map.Entry<Subject, Long>> again = new java.util.ArrayDeque<>();
        java.util.Set<java.util.Map.Entry<Subject, Long>> retried = new java.util.HashSet<>();
        int running = 0;
        boolean halt = false;
        while (true) {
            while (!halt && running < parallel && (!again.isEmpty() || next.hasNext())) {
                if (stopped.getAsBoolean()) {
                    halt = true;
                    break;
                }
                java.util.Map.Entry<Subject, Long> cell = again.isEmpty() ? next.next() : again.poll();
                done.submit(() -> runOne.run(cell.getKey(), cell.getValue()));
                running++;
            }
            if (running == 0) return trials;
            Trial t;
            try {
                t = done.take().get();
            } catch (java.util.concurrent.ExecutionException e) {
                throw e.getCause() instanceof Exception x ? x : e;
            }
            running--;
            measured.accept(t);
            java.util.Map.Entry<Subject, Long> cell = java.util.Map.entry(t.subject(), t.seed());
            if (t.status() == RunStatus.SETUP_ERROR && !halt && retried.add(cell)) {
                again.add(cell); // not counted: its second run stands for the cell
                continue;
            }
            trials.add(t);
            if (t.status() == RunStatus.INTERRUPTED || t.status() == RunStatus.SETUP_ERROR) halt = true;
        }
    }

    /** Seed by seed, every subject once. */
    private List<java.util.Map.Entry<Subject, Long>> order() {
        List<java.util.Map.Entry<Subject, Long>> out = new ArrayList<>();
        for (long seed : seeds) {
            for (Subject s : subjects) out.add(java.util.Map.entry(s, seed));
        }
        return out;
    }
}
