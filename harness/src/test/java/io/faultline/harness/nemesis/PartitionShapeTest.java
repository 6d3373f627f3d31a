package io.faultline.harness.nemesis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class PartitionShapeTest {
    private static List<Integer> nodes(int n) {
        List<Integer> l = new ArrayList<>();
        for (int i = 1; i <= n; i++) l.add(i);
        return l;
    }

    @ParameterizedTest
    @ValueSource(ints = {3, 4, 5, 7})
    void everyShapeBuiltHasItsShape(int n) {
        SplittableRandom rnd = new SplittableRandom(n);
        for (int trial = 0; trial < 20; trial++) {
            List<Integer> order = FaultPackages.shuffled(rnd, nodes(n));
            for (PartitionShape s : PartitionShape.values()) {
                Connectivity g = s.build(order);
                assertEquals(java.util.Optional.empty(), s.check(g), s + " over " + order + ": " + g.describe());
                assertTrue(!g.isComplete(), s + " cuts something");
            }
        }
    }

    @Test
    void aRingOfFiveGivesEveryNodeADifferentMajority() {
        Connectivity g = PartitionShape.MAJORITIES_RING.build(List.of(1, 2, 3, 4, 5));
        Set<Set<Integer>> views = new HashSet<>();
        for (int v = 1; v <= 5; v++) {
            assertEquals(3, g.view(v).size());
            views.add(g.view(v));
        }
        assertEquals(5, views.size());
        assertEquals(Set.of(5, 1, 2), g.view(1));
    }

    @Test
    void theChecksRejectGraphsOfAnotherShape() {
        List<Integer> five = nodes(5);
        Connectivity whole = Connectivity.complete(five);
        for (PartitionShape s : PartitionShape.values()) {
            assertTrue(s.check(whole).isPresent(), s + " must reject a complete graph");
        }
        Connectivity halves = PartitionShape.HALVES.build(five);
        assertTrue(PartitionShape.MAJORITIES_RING.check(halves).isPresent(), "halves: the smaller side has no majority");
        assertTrue(PartitionShape.BRIDGE.check(halves).isPresent());
        assertTrue(PartitionShape.ISOLATE_ONE.check(halves).isPresent());
        Connectivity oneAlone = PartitionShape.ISOLATE_ONE.build(five);
        assertTrue(PartitionShape.HALVES.check(oneAlone).isPresent(), "1 vs 4 is not halves");
        // A ring where two nodes see the same majority: 1-2-3 triangle plus 3-4-5 triangle.
        Connectivity twoTriangles = Connectivity.groups(five, List.of(List.of(1, 2, 3), List.of(3, 4, 5)));
        assertTrue(PartitionShape.MAJORITIES_RING.check(twoTriangles).isPresent());
        // Uneven groups without a node joining them are no bridge.
        Connectivity split = Connectivity.groups(five, List.of(List.of(1, 2), List.of(3, 4, 5)));
        assertTrue(PartitionShape.BRIDGE.check(split).isPresent());
    }

    @Test
    void cutPairsAreTheMissingEdges() {
        Connectivity g = PartitionShape.ISOLATE_ONE.build(List.of(2, 1, 3));
        List<String> cuts = new ArrayList<>();
        for (int[] c : g.cutPairs()) cuts.add(c[0] + "-" + c[1]);
        assertEquals(List.of("1-2", "2-3"), cuts);
        assertEquals(Set.of(1, 3), g.blockedFrom(2));
        assertEquals("[n1 n3] | [n2]", g.describe());
        assertEquals("[n1 n2] - n3 - [n4 n5]", PartitionShape.BRIDGE.build(List.of(3, 1, 2, 4, 5)).describe());
    }
}
