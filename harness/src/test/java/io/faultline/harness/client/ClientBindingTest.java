package io.faultline.harness.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Set;
import java.util.TreeSet;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class ClientBindingTest {
    @Test
    void parsesSharesAndWords() {
        assertEquals(50, ClientBinding.parse("50%").boundPercent());
        assertEquals(30, ClientBinding.parse(" 30 ").boundPercent());
        assertEquals(0, ClientBinding.parse("none").boundPercent());
        assertEquals(100, ClientBinding.parse("ALL").boundPercent());
        assertThrows(IllegalArgumentException.class, () -> ClientBinding.parse("half"));
        assertThrows(IllegalArgumentException.class, () -> ClientBinding.parse("120%"));
        assertThrows(IllegalArgumentException.class, () -> ClientBinding.parse("-1"));
    }

    @Test
    void theBoundWorkersAreTheShareAskedForAndReachEveryNode() {
        for (int percent : new int[] {0, 10, 25, 50, 70, 100}) {
            ClientBinding b = new ClientBinding(percent);
            for (int concurrency : new int[] {1, 3, 8, 10, 16}) {
                long bound = IntStream.range(0, concurrency).filter(w -> b.bound(w, concurrency)).count();
                assertEquals(b.boundOf(concurrency), bound, percent + "% of " + concurrency);
                assertEquals(concurrency * percent / 100, bound);
            }
        }
        // Half of 10 workers, spread over 3 nodes by worker number (1 + w % 3): every node has some.
        ClientBinding half = new ClientBinding(50);
        Set<Integer> nodes = new TreeSet<>();
        for (int w = 0; w < 10; w++) if (half.bound(w, 10)) nodes.add(1 + w % 3);
        assertEquals(Set.of(1, 2, 3), nodes);
    }

    @Test
    void theShareIsRecordedAndRepeatedByTheRerunCommand() {
        var config = io.faultline.harness.run.RunConfig.defaults(java.nio.file.Path.of("out"));
        assertEquals("0%", config.toJson("test").get("bound-clients"));
        assertEquals(false, config.rerunCommand().contains("--bound-clients"));
        var bound = config.with(io.faultline.harness.run.RunOptions.BOUND_CLIENTS, new ClientBinding(30));
        assertEquals(true, bound.rerunCommand().contains(" --bound-clients 30% "), bound.rerunCommand());
        assertEquals(bound, bound.withSeed(bound.seed()));
    }
}
