package io.faultline.harness.sim;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.faultline.harness.run.RunStatus;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * The healthy node passes random simulation: every fault kind, a lossy network, each
 * seed's history linearizable and every key readable after healing. CI runs a slice
 * of seeds; the nightly command in the README runs 10,000.
 */
class SimHealthyNodeTest {
    static final SimOptions CI = SimOptions.defaults().withTimeLimit(Duration.ofSeconds(10));

    @Test
    void healthySeedsPass() {
        for (long seed = 1; seed <= 100; seed++) {
            SimRun.Outcome o = SimRun.run(CI, seed);
            assertEquals(RunStatus.LINEARIZABLE, o.status(), "seed " + seed + " (replay: "
                    + CI.replayCommand(seed) + "): " + o.why());
        }
    }
}
