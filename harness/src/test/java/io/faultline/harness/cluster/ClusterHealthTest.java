package io.faultline.harness.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.faultline.harness.system.NodeStatus;
import io.faultline.harness.systems.Systems;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ClusterHealthTest {
    private static NodeStatus node(int id, String role, long term, long leader, long commit, long applied) {
        return NodeStatus.of(id, new NodeStatus.State(role, term, leader, commit, applied, applied));
    }

    @Test
    void recoveredMeansOneLeaderEveryoneAgreesAndEveryoneCaughtUp() {
        assertTrue(ClusterHealth.recovered(List.of(
                node(1, "leader", 4, 1, 100, 100), node(2, "follower", 4, 1, 100, 100), node(3, "follower", 4, 1, 100, 100))));
    }

    @Test
    void aLaggingSilentOrDisagreeingNodeIsNotRecovered() {
        assertFalse(ClusterHealth.recovered(List.of(
                node(1, "leader", 4, 1, 100, 100), node(2, "follower", 4, 1, 100, 90))), "n2 has not applied everything");
        assertFalse(ClusterHealth.recovered(List.of(
                node(1, "leader", 4, 1, 100, 100), new NodeStatus(2, null, "UNAVAILABLE"))), "n2 does not answer");
        assertFalse(ClusterHealth.recovered(List.of(
                node(1, "leader", 4, 1, 100, 100), node(2, "candidate", 5, 0, 100, 100))), "n2 is in another term");
        assertFalse(ClusterHealth.recovered(List.of(
                node(1, "follower", 4, 0, 100, 100), node(2, "follower", 4, 0, 100, 100))), "no leader");
        assertFalse(ClusterHealth.recovered(List.of()));
        assertFalse(ClusterHealth.recovered(List.of(node(1, "leader", 4, 1, 1124, 1124),
                node(2, "follower", 4, 1, 17_179_869_281L, 17_179_869_281L))), "n2 says it applied past the leader");
    }

    @Test
    void theLeaderOfTheHighestTermWins() {
        assertEquals(Optional.of(2), ClusterHealth.leaderOf(List.of(
                node(1, "leader", 3, 1, 10, 10), node(2, "leader", 4, 2, 12, 12), node(3, "follower", 4, 2, 12, 12))));
        assertEquals(Optional.empty(), ClusterHealth.leaderOf(List.of(node(1, "follower", 3, 0, 1, 1))));
    }

    @Test
    void faultlineNodesFindTheirPeersByAliasAndGetTheExtraFlags() {
        List<String> args = ClusterSpec.of(3, Systems.create("faultline",
                java.util.Map.of("node-flags", " --snapshot-threshold 50 "))).command(2);
        assertEquals("2", args.get(args.indexOf("--id") + 1));
        assertEquals("1=n1:7001,2=n2:7001,3=n3:7001", args.get(args.indexOf("--peers") + 1));
        assertEquals("1=n1:7000,2=n2:7000,3=n3:7000", args.get(args.indexOf("--client-addresses") + 1));
        assertEquals(List.of("--snapshot-threshold", "50"), args.subList(args.size() - 2, args.size()));
        assertEquals("'it'\\''s'", NodeContainer.shellQuote("it's"));
    }
}

class ClusterHealthStartTest {
    @Test
    void aMemberThatCannotStartEndsTheWaitAtOnceWithItsOwnWords() {
        ClusterHealth health = new ClusterHealth(() -> List.of(NodeStatus.noAnswer(1, "UNAVAILABLE")));
        long start = System.nanoTime();
        ClusterException e = org.junit.jupiter.api.Assertions.assertThrows(ClusterException.class,
                () -> health.awaitLeader(java.time.Duration.ofSeconds(60),
                        () -> Optional.of("n1 exited during start; its last log lines: unknown flag --bogus")));
        assertTrue(e.getMessage().contains("unknown flag --bogus"), e.getMessage());
        assertTrue(System.nanoTime() - start < java.time.Duration.ofSeconds(30).toNanos(), "not the whole timeout");
    }
}
