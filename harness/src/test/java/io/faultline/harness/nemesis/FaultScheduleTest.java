package io.faultline.harness.nemesis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class FaultScheduleTest {
    private static final List<Integer> NODES = List.of(1, 2, 3, 4, 5);

    private static FaultSchedule plan(long seed, String nemesis) {
        return FaultSchedule.plan(seed, FaultPackages.parse(nemesis), NODES, Duration.ofSeconds(5),
                Duration.ofSeconds(2), Duration.ofSeconds(60));
    }

    @Test
    void theSameSeedGivesTheSameSchedule() {
        assertEquals(plan(11, "all"), plan(11, "all"));
        assertNotEquals(plan(11, "all"), plan(12, "all"));
    }

    @Test
    void faultsDoNotOverlapAndStayWithinTheTimeLimit() {
        FaultSchedule s = plan(3, "kill,pause,partition,loss");
        assertEquals(12, s.faults().size());
        long lastEnd = 0;
        for (FaultSchedule.Planned p : s.faults()) {
            assertTrue(p.startMillis() >= lastEnd, "overlap at " + p);
            assertTrue(p.endMillis() <= 60_000);
            lastEnd = p.endMillis();
        }
    }

    @Test
    void everyAskedForKindComesUpInEachRound() {
        FaultSchedule s = plan(99, "kill,pause,partition-halves");
        for (int round = 0; round < 4; round++) {
            Set<String> kinds = new HashSet<>();
            for (int i = 0; i < 3; i++) {
                Fault f = s.faults().get(round * 3 + i).fault();
                kinds.add(f instanceof PartitionFault p ? p.shape().shortName() : f.kind());
            }
            assertEquals(Set.of("kill", "pause", "halves"), kinds, "round " + round);
        }
    }

    @Test
    void aPlainPartitionTakesEveryShapeOverTime() {
        Set<PartitionShape> shapes = new HashSet<>();
        for (FaultSchedule.Planned p : plan(4, "partition").faults()) shapes.add(((PartitionFault) p.fault()).shape());
        assertEquals(Set.of(PartitionShape.values()), shapes);
    }

    @Test
    void noNemesisMeansNoFaults() {
        assertTrue(plan(1, "none").isEmpty());
    }

    @Test
    void badOptionsAreRejected() {
        var e = assertThrows(IllegalArgumentException.class, () -> FaultPackages.parse("kill,explode"));
        assertTrue(e.getMessage().contains("explode") && e.getMessage().contains("partition-ring"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> FaultSchedule.plan(1, FaultPackages.parse("kill"),
                NODES, Duration.ofSeconds(5), Duration.ofSeconds(5), Duration.ofSeconds(60)));
        assertEquals(List.of(FaultPackages.byName("partition")), FaultPackages.parse("partition"));
        assertEquals(4, FaultPackages.parse("all").size());
    }
}
