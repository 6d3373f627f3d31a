package io.faultline.harness.it;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.faultline.checker.history.Op;
import io.faultline.harness.junit.ChaosResult;
import io.faultline.harness.junit.ChaosTest;
import io.faultline.harness.junit.FaultlineExtension;
import java.nio.file.Files;
import java.time.Duration;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** A real 3-node cluster under kill, pause, partition and loss faults, through the JUnit API. */
@ExtendWith(FaultlineExtension.class)
class KvChaosIT {
    @Test
    void aThreeNodeKvRunWithEveryFaultKindIsLinearizableAndLeavesNothingBehind(ChaosTest test) throws Exception {
        ChaosResult result = test.nodes(3)
                .timeLimit(Duration.ofSeconds(30))
                .concurrency(6)
                .rate(150)
                .nemesis("kill,pause,partition,loss")
                .nemesisInterval(Duration.ofSeconds(5))
                .faultDuration(Duration.ofMillis(2500))
                .seed(20261125)
                .run();

        // Everything gone, counted by the run's label; the run directory complete.
        List<Op> history = ChaosRunChecks.completeAndClean(result, List.of("kill", "pause", "partition", "loss"), 3);
        result.assertLinearizable();
        ChaosRunChecks.servedTheWorkload(history);
        String report = Files.readString(result.report());
        // The page draws its fault bands from the spans in its data: start, end and kind.
        for (String kind : List.of("kill", "pause", "partition", "loss")) {
            assertTrue(Pattern.compile("\"s\":[0-9.]+,\"e\":[0-9.]+,\"kind\":\"" + kind + "\"").matcher(report).find(),
                    "a " + kind + " band in the report's data");
        }
    }
}
