package io.faultline.harness.detect;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.faultline.harness.run.RunStatus;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class MatrixTest {
    private static final Subject STALE = new Subject("--unsafe-stale-reads");
    private static final Subject FSYNC = new Subject("--unsafe-lost-fsync");

    private static Trial trial(Subject s, long seed, RunStatus status, Double foundAt) {
        return new Trial(s, seed, status, foundAt, 30 + seed, Path.of("run-" + seed), 6, 7);
    }

    @Test
    void runsSeedBySeedEveryRowOnce() throws Exception {
        DetectionMatrix m = new DetectionMatrix(List.of(STALE, FSYNC, Subject.HEALTHY), DetectionMatrix.seeds(5, 2));
        List<String> order = new ArrayList<>();
        List<Trial> trials = m.run((s, seed) -> {
            order.add(s.label() + "@" + seed);
            return trial(s, seed, RunStatus.LINEARIZABLE, null);
        }, () -> false, t -> { });
        assertEquals(List.of("--unsafe-stale-reads@5", "--unsafe-lost-fsync@5", "healthy@5",
                "--unsafe-stale-reads@6", "--unsafe-lost-fsync@6", "healthy@6"), order);
        assertEquals(6, trials.size());
        assertEquals(6, m.runs());
    }

    @Test
    void stopsAtAnInterruptedRunOrWhenAsked() throws Exception {
        DetectionMatrix m = new DetectionMatrix(List.of(STALE, Subject.HEALTHY), DetectionMatrix.seeds(1, 3));
        List<Trial> trials = m.run((s, seed) -> trial(s, seed,
                seed == 2 && s.healthy() ? RunStatus.INTERRUPTED : RunStatus.VIOLATION, 3.0), () -> false, t -> { });
        assertEquals(4, trials.size(), "stopped at the interrupted run");
        AtomicInteger asked = new AtomicInteger();
        List<Trial> none = m.run((s, seed) -> trial(s, seed, RunStatus.VIOLATION, 1.0),
                () -> asked.incrementAndGet() > 3, t -> { });
        assertEquals(3, none.size(), "stopped when asked, before the fourth run");
    }

    @Test
    void runsInParallelUpToTheLimitAndStillRunsEveryCellOnce() throws Exception {
        DetectionMatrix m = new DetectionMatrix(List.of(STALE, FSYNC, Subject.HEALTHY), DetectionMatrix.seeds(1, 4));
        AtomicInteger now = new AtomicInteger();
        AtomicInteger most = new AtomicInteger();
        java.util.Set<String> cells = java.util.concurrent.ConcurrentHashMap.newKeySet();
        java.util.concurrent.CyclicBarrier together = new java.util.concurrent.CyclicBarrier(3);
        List<Trial> trials = m.run((s, seed) -> {
            most.accumulateAndGet(now.incrementAndGet(), Math::max);
            cells.add(s.label() + "@" + seed);
            // Three at once: the barrier opens only when three runs are under way together.
            together.await(10, java.util.concurrent.TimeUnit.SECONDS);
            now.decrementAndGet();
            return trial(s, seed, RunStatus.LINEARIZABLE, null);
        }, () -> false, t -> { }, 3);
        assertEquals(12, trials.size());
        assertEquals(12, cells.size());
        assertEquals(3, most.get());
    }

    @Test
    void inParallelASetupErrorTwiceStopsNewRunsAndWaitsForThoseUnderWay() throws Exception {
        DetectionMatrix m = new DetectionMatrix(List.of(STALE, Subject.HEALTHY), DetectionMatrix.seeds(1, 5));
        List<String> started = new ArrayList<>();
        // Driven: each cell runs the moment it is handed out, so the order of results is fixed.
        List<Trial> trials = m.run((s, seed) -> {
            started.add(s.label() + "@" + seed);
            return trial(s, seed, seed == 1 && s.healthy() ? RunStatus.SETUP_ERROR : RunStatus.LINEARIZABLE, null);
        }, () -> false, t -> { }, 2, Runnable::run);
        // Two slots: stale@2 takes the first free one, healthy@1's retry the next; healthy@2 was
        // handed out before the retry's error was taken, and nothing after it.
        assertEquals(List.of("--unsafe-stale-reads@1", "healthy@1", "--unsafe-stale-reads@2", "healthy@1", "healthy@2"),
                started);
        assertEquals(4, trials.size(), "the run under way is waited for: " + trials);
        assertEquals(1, trials.stream().filter(t -> t.status() == RunStatus.SETUP_ERROR).count(), "counted once");
    }

    @Test
    void aCellWhoseClusterDidNotStartRunsOnceMore() throws Exception {
        DetectionMatrix m = new DetectionMatrix(List.of(STALE, Subject.HEALTHY), DetectionMatrix.seeds(1, 3));
        java.util.concurrent.atomic.AtomicInteger healthyOne = new java.util.concurrent.atomic.AtomicInteger();
        List<Trial> heard = new java.util.ArrayList<>();
        List<Trial> trials = m.run((s, seed) -> trial(s, seed,
                seed == 2 && s.healthy() && healthyOne.getAndIncrement() == 0 ? RunStatus.SETUP_ERROR : RunStatus.LINEARIZABLE,
                null), () -> false, heard::add, 2);
        assertEquals(6, trials.size(), "every cell, the failed start not counted: " + trials);
        assertTrue(trials.stream().allMatch(t -> t.status() == RunStatus.LINEARIZABLE));
        assertEquals(2, healthyOne.get(), "healthy seed 2 ran twice");
        assertEquals(7, heard.size(), "the failed start is still told of");
    }

    @Test
    void tableCountsCatchesMediansAndFalseAlarms() {
        List<Trial> trials = List.of(
                trial(STALE, 1, RunStatus.VIOLATION, 4.0),
                trial(STALE, 2, RunStatus.LINEARIZABLE, null),
                trial(STALE, 3, RunStatus.VIOLATION, 10.0),
                trial(STALE, 4, RunStatus.VIOLATION, 6.0),
                trial(Subject.HEALTHY, 1, RunStatus.LINEARIZABLE, null),
                trial(Subject.HEALTHY, 2, RunStatus.NOT_RECOVERED, null),
                trial(Subject.HEALTHY, 3, RunStatus.VIOLATION, 12.0),
                trial(Subject.HEALTHY, 4, RunStatus.INTERRUPTED, null));
        List<MatrixTable.Row> rows = MatrixTable.rows(List.of(STALE, FSYNC, Subject.HEALTHY), trials);
        MatrixTable.Row stale = rows.get(0);
        assertEquals(3, stale.caught());
        assertEquals(4, stale.runs());
        assertEquals(List.of(1L, 3L, 4L), stale.caughtSeeds());
        assertEquals(6.0, stale.medianFoundAt());
        assertEquals(32.5, stale.medianWall());
        assertTrue(stale.atLeast(75));
        assertFalse(stale.atLeast(80));
        assertFalse(rows.get(1).atLeast(0), "a row never run passes no requirement");
        assertNull(rows.get(1).medianFoundAt());
        String md = MatrixTable.markdown(rows);
        assertTrue(md.contains("| `--unsafe-stale-reads` | 3 of 4 | 1, 3, 4 | 6.0 s | 32.5 s | 24 of 28 | – |"), md);
        assertEquals(3, rows.get(2).runs(), "an interrupted run is not counted");
        assertTrue(md.contains("| healthy | 1 false alarms in 3 | 3 | 12.0 s | 32.0 s | 18 of 21 | 1 "
                + RunStatus.NOT_RECOVERED.words() + " |"), md);
        assertTrue(md.contains("| `--unsafe-lost-fsync` | 0 of 0 |"), md);
    }

    @Test
    void medianOfEvenAndOddCounts() {
        assertEquals(2.0, MatrixTable.median(new double[] {3, 1, 2}));
        assertEquals(2.5, MatrixTable.median(new double[] {4, 1, 3, 2}));
        assertNull(MatrixTable.median(new double[0]));
    }
}
