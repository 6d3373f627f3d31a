package io.faultline.harness.sim;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.faultline.harness.run.RunStatus;
import io.faultline.sim.FaultProfile;
import java.time.Duration;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** A seed is a replay: the same options and seed give the same history, byte for byte. */
class SimReplayTest {
    private static final SimOptions SHORT = SimOptions.defaults().withTimeLimit(Duration.ofSeconds(10));

    @Test
    void aSeedReplaysToIdenticalHistoryBytes() {
        SimRun.Outcome first = SimRun.run(SHORT, 42);
        SimRun.Outcome again = SimRun.run(SHORT, 42);
        assertTrue(first.history().size() > 100, "the workload ran: " + first.history().size() + " history lines");
        assertTrue(first.nemesisLog().size() > 2, "faults were injected: " + first.nemesisLog());
        assertArrayEquals(first.historyBytes(), again.historyBytes());
        assertEquals(first.nemesisLog(), again.nemesisLog());
        assertEquals(first.nodeLogs(), again.nodeLogs());
        assertNotEquals(Arrays.hashCode(first.historyBytes()), Arrays.hashCode(SimRun.run(SHORT, 43).historyBytes()),
                "another seed, another history");
    }

    /** Pauses (SIGSTOP) and skewed clocks are drawn from the seed too, and replay like every other fault. */
    @Test
    void pausesAndClockSkewReplayBitForBit() {
        SimOptions stops = SHORT.withFaults(FaultProfile.parse("pause,pause-leader,clock-skew,isolate", 700, 0.01,
                0.005, 0.01));
        SimRun.Outcome first = SimRun.run(stops, 11);
        SimRun.Outcome again = SimRun.run(stops, 11);
        String nemesis = String.join("\n", first.nemesisLog());
        assertTrue(nemesis.contains("(SIGSTOP)") && nemesis.contains("(SIGCONT)"), nemesis);
        assertTrue(nemesis.contains("runs at"), "a clock was skewed: " + nemesis);
        assertTrue(first.nodeLogs().values().stream().anyMatch(l -> l.contains("events waiting")),
                "a paused node handled what waited for it");
        assertArrayEquals(first.historyBytes(), again.historyBytes());
        assertEquals(first.nemesisLog(), again.nemesisLog());
        assertEquals(first.nodeLogs(), again.nodeLogs());
        assertEquals(RunStatus.LINEARIZABLE, first.status(), first.why());
    }

    @Test
    void theHealthyNodePassesASeed() {
        SimRun.Outcome o = SimRun.run(SHORT, 7);
        assertEquals(RunStatus.LINEARIZABLE, o.status(), o.why() + "\n" + String.join("\n", o.nemesisLog()));
    }
}
