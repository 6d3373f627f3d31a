package io.faultline.harness.system;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class MembershipCallsTest {
    private static final Duration LONG = Duration.ofMinutes(5);

    @Test
    void followersRefuseUntilTheLeaderCarriesItOut() {
        List<Integer> asked = new ArrayList<>();
        List<String> after = MembershipCalls.untilDone("remove n3", List.of(1, 2, 3), node -> {
            asked.add(node);
            if (node != 2) throw new IllegalStateException("not leader");
            return List.of("n1", "n2");
        }, Optional::empty, m -> false, LONG, String::valueOf);
        assertEquals(List.of("n1", "n2"), after);
        assertEquals(List.of(1, 2), asked, "the leader's answer ends it");
    }

    @Test
    void aChangeWhoseAnswerWasLostIsNotAskedTwice() {
        List<String> members = new ArrayList<>(List.of("n1", "n2", "n3"));
        int[] asks = {0};
        List<String> after = MembershipCalls.untilDone("remove n3", List.of(1), node -> {
            asks[0]++;
            members.remove("n3"); // it took effect...
            throw new java.io.IOException("connection reset"); // ...but the answer was lost
        }, () -> Optional.of(List.copyOf(members)), m -> !m.contains("n3"), LONG, String::valueOf);
        assertEquals(List.of("n1", "n2"), after);
        assertEquals(1, asks[0], "the listing showed it done: not asked again");
    }

    @Test
    void noAnswerInTimeNamesTheLastError() {
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> MembershipCalls.untilDone(
                "add n4", List.of(1, 2), node -> {
                    throw new IllegalStateException("down " + node);
                }, Optional::empty, m -> false, Duration.ZERO.plusMillis(1), Exception::getMessage));
        assertEquals("add n4 failed: n2: down 2", e.getMessage(), "every member asked once, the last error named");
    }
}
