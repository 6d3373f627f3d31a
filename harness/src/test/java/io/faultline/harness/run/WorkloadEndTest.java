package io.faultline.harness.run;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The workload's end on a clock the test gives: nanoseconds from 0. */
class WorkloadEndTest {
    private static final long S = 1_000_000_000L;
    private static final Duration LIMIT = Duration.ofSeconds(60);
    private static final Duration CAP = Duration.ofMinutes(2);

    @Test
    void withoutATailTheWorkloadStopsAtTheTimeLimitWhateverTheNemesisDoes() {
        WorkloadEnd end = new WorkloadEnd(0, LIMIT, Duration.ZERO, CAP);
        assertFalse(end.over(60 * S - 1));
        assertTrue(end.over(60 * S), "a fault still under way does not hold the workload");
    }

    @Test
    void withATailTheWorkloadRunsThroughTheLastFaultAndTheTailAfterIt() {
        WorkloadEnd end = new WorkloadEnd(0, LIMIT, Duration.ofSeconds(10), CAP);
        assertFalse(end.over(59 * S));
        assertFalse(end.over(75 * S), "the fault under way at the limit has not ended yet");
        end.nemesisDone(78 * S);
        assertFalse(end.over(87 * S), "the tail is measured from the fault's end, not from the limit");
        assertTrue(end.over(88 * S));
    }

    @Test
    void aNemesisDoneEarlyStillLeavesTheWorkloadItsTimeLimit() {
        WorkloadEnd end = new WorkloadEnd(5 * S, LIMIT, Duration.ofSeconds(10), CAP);
        end.nemesisDone(20 * S);
        assertFalse(end.over(64 * S), "the time limit counts from the start (5 s)");
        assertTrue(end.over(65 * S));
        end.nemesisDone(90 * S);
        assertTrue(end.over(65 * S), "the first report counts");
    }

    @Test
    void aNemesisThatNeverEndsIsCutOffAtTheCap() {
        WorkloadEnd end = new WorkloadEnd(0, LIMIT, Duration.ofSeconds(10), CAP);
        assertFalse(end.over(179 * S));
        assertTrue(end.over(180 * S));
    }
}
