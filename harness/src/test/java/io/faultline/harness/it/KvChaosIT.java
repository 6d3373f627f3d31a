package io.faultline.harness.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.faultline.checker.history.Op;
import io.faultline.harness.cluster.DockerResources;
import io.faultline.harness.cluster.Labels;
import io.faultline.harness.junit.ChaosResult;
import io.faultline.harness.junit.ChaosTest;
import io.faultline.harness.junit.FaultlineExtension;
import java.nio.file.Files;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
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

        // Everything gone, counted by the run's label.
        var left = DockerResources.count(Labels.RUN, result.directory().getFileName().toString());
        assertEquals(0, left.total(), "left behind: " + left);

        result.assertLinearizable();

        List<Op> history = result.history();
        Set<String> faults = history.stream().filter(Op::isNemesis).map(Op::f).collect(Collectors.toSet());
        for (String kind : List.of("kill", "pause", "partition", "loss")) {
            assertTrue(faults.contains("start-" + kind) && faults.contains("stop-" + kind), kind + " missing in " + faults);
        }
        assertTrue(history.stream().filter(Op::isNemesis).allMatch(op -> op.error() == null),
                "every fault action worked: " + history.stream().filter(op -> op.isNemesis() && op.error() != null).toList());
        long ok = history.stream().filter(op -> !op.isNemesis() && op.type() == Op.Type.OK).count();
        assertTrue(ok > 1000, "the cluster served the workload: " + ok + " ok");
        for (String f : List.of("history.jsonl", "config.json", "nemesis.log", "result.json", "report.html",
                "nodes/n1.log", "nodes/n2.log", "nodes/n3.log")) {
            assertTrue(Files.size(result.directory().resolve(f)) > 0, f + " is missing or empty");
        }
        String report = Files.readString(result.report());
        assertTrue(report.contains("band-kill") && report.contains("band-partition"), "fault bands are drawn");
    }
}
