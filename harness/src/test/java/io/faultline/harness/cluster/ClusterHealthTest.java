package io.faultline.harness.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.faultline.kv.api.StatusResponse;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ClusterHealthTest {
    private static NodeStatus node(int id, String role, long term, long leader, long commit, long applied) {
        return new NodeStatus(id, StatusResponse.newBuilder().setId(id).setRole(role).setTerm(term).setLeaderId(leader)
                .setCommitIndex(commit).setAppliedIndex(applied).build(), null);
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
    }

    @Test
    void theLeaderOfTheHighestTermWins() {
        assertEquals(Optional.of(2), ClusterHealth.leaderOf(List.of(
                node(1, "leader", 3, 1, 10, 10), node(2, "leader", 4, 2, 12, 12), node(3, "follower", 4, 2, 12, 12))));
        assertEquals(Optional.empty(), ClusterHealth.leaderOf(List.of(node(1, "follower", 3, 0, 1, 1))));
    }

    @Test
    void nodesFindTheirPeersByAliasAndGetTheExtraFlags() {
        List<String> args = ClusterSpec.of(3).withNodeFlags(" --snapshot-threshold 50 ").nodeArgs(2);
        assertEquals("2", args.get(args.indexOf("--id") + 1));
        assertEquals("1=n1:7001,2=n2:7001,3=n3:7001", args.get(args.indexOf("--peers") + 1));
        assertEquals("1=n1:7000,2=n2:7000,3=n3:7000", args.get(args.indexOf("--client-addresses") + 1));
        assertEquals(List.of("--snapshot-threshold", "50"), args.subList(args.size() - 2, args.size()));
        assertEquals("'it'\\''s'", NodeContainer.shellQuote("it's"));
    }
}
