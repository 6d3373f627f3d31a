package io.faultline.harness.system.nats;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.faultline.harness.system.Membership;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/** The membership calls against a fake JetStream API that answers as nats-server 2.9.10 did on Docker. */
class NatsMembersTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String STREAM = "KV_faultline";

    /**
     * A fake cluster: the metadata group's servers, the stream's peers, and which members are
     * down. Every request any member gets is carried out by "the leaders", as NATS forwards it.
     */
    private static class FakeNats implements NatsMembers.Api {
        final TreeSet<String> meta = new TreeSet<>();
        final TreeSet<String> streamPeers = new TreeSet<>();
        final Set<Integer> down = new java.util.HashSet<>();
        final List<String> asked = new ArrayList<>();
        /** The leader lists a removal only after this many more listings (it applies it later). */
        int listingsLate;
        boolean answerLost;

        FakeNats(String... servers) {
            meta.addAll(List.of(servers));
            streamPeers.addAll(List.of(servers));
        }

        @Override
        public JsonNode request(int node, String subject, String body) throws Exception {
            asked.add("n" + node + " " + subject + " " + body);
            if (down.contains(node)) throw NatsApiError.status(503, "No Responders");
            String peer = JSON.readTree(body).path("peer").asText();
            if (subject.equals(NatsMembers.STREAM_PEER_REMOVE + STREAM)) {
                if (!streamPeers.remove(peer)) throw new NatsApiError(400, NatsMembers.PEER_NOT_A_MEMBER, "peer not a member");
                // 2.9.10: no spare server to take the replica, removed all the same
                throw new NatsApiError(503, NatsMembers.PEER_REMAP_FAILED, "peer remap failed");
            }
            if (subject.equals(NatsMembers.SERVER_REMOVE)) {
                if (!meta.remove(peer)) throw new NatsApiError(400, 10044, "server is not a member of the cluster");
                if (answerLost) {
                    answerLost = false;
                    throw new java.util.concurrent.TimeoutException("lost answer");
                }
                return JSON.readTree("{\"type\":\"io.nats.jetstream.api.v1.meta_server_remove_response\",\"success\":true}");
            }
            throw new AssertionError(subject);
        }

        Optional<List<String>> list() {
            if (listingsLate > 0) {
                listingsLate--;
                List<String> stale = new ArrayList<>(meta);
                stale.addAll(removedButListed);
                return Optional.of(stale.stream().sorted().toList());
            }
            return Optional.of(List.copyOf(meta));
        }

        final List<String> removedButListed = new ArrayList<>();
    }

    private static NatsMembers members(FakeNats nats) {
        return new NatsMembers(List.of(1, 2, 3), nats, nats::list, STREAM, Duration.ofSeconds(5), Duration.ofSeconds(5));
    }

    @Test
    void aRemovalTakesTheServerOutOfTheStreamFirstThenOutOfTheMetadataGroupAskingAnotherMember() {
        FakeNats nats = new FakeNats("n1", "n2", "n3-g2");
        assertEquals(List.of(1, 2, 3), members(nats).members());
        assertEquals(List.of(2, 3), members(nats).remove(1));
        assertEquals(List.of(
                "n2 $JS.API.STREAM.PEER.REMOVE.KV_faultline {\"peer\":\"n1\"}",
                "n2 $JS.API.SERVER.REMOVE {\"peer\":\"n1\"}"), nats.asked, "the removed server is asked last");
        assertEquals(Set.of("n2", "n3-g2"), nats.streamPeers);

        // a fresh server's name stands for its place
        assertEquals(List.of(2), members(nats).remove(3));
        assertTrue(nats.asked.contains("n1 $JS.API.SERVER.REMOVE {\"peer\":\"n3-g2\"}"), nats.asked.toString());
    }

    @Test
    void aDownMemberIsSkippedAndARetryAfterALostAnswerFindsTheServerGone() {
        FakeNats nats = new FakeNats("n1", "n2", "n3");
        nats.down.add(1);
        nats.answerLost = true;
        assertEquals(List.of(1, 2), members(nats).remove(3));
        // n1 is down, n2's answer was lost after it removed n3, n3 finds nothing left to remove;
        // the listing before the next round shows it done
        assertEquals(List.of("n1 $JS.API.STREAM.PEER.REMOVE.KV_faultline {\"peer\":\"n3\"}",
                "n2 $JS.API.STREAM.PEER.REMOVE.KV_faultline {\"peer\":\"n3\"}",
                "n2 $JS.API.SERVER.REMOVE {\"peer\":\"n3\"}",
                "n3 $JS.API.STREAM.PEER.REMOVE.KV_faultline {\"peer\":\"n3\"}",
                "n3 $JS.API.SERVER.REMOVE {\"peer\":\"n3\"}"), nats.asked);
        assertEquals(Set.of("n1", "n2"), nats.meta);
    }

    @Test
    void theRemovalWaitsUntilTheLeaderListsIt() {
        FakeNats nats = new FakeNats("n1", "n2", "n3");
        nats.removedButListed.add("n2");
        nats.listingsLate = 3;
        // members() and the name lookup use one listing; the ask then sees it late twice more
        assertEquals(List.of(1, 3), members(nats).remove(2));
        assertEquals(0, nats.listingsLate);
    }

    @Test
    void aStreamErrorOtherThanNoReplacementOrAlreadyOutFailsTheRemoval() {
        FakeNats nats = new FakeNats("n1", "n2", "n3") {
            @Override
            public JsonNode request(int node, String subject, String body) throws Exception {
                if (subject.startsWith(NatsMembers.STREAM_PEER_REMOVE)) {
                    throw new NatsApiError(500, 10008, "JetStream system temporarily unavailable");
                }
                return super.request(node, subject, body);
            }
        };
        var e = assertThrows(IllegalStateException.class, () -> new NatsMembers(List.of(1, 2, 3), nats, nats::list,
                STREAM, Duration.ZERO, Duration.ZERO).remove(3));
        assertTrue(e.getMessage().contains("10008"), e.getMessage());
        assertEquals(Set.of("n1", "n2", "n3"), nats.meta, "never removed from the metadata group");
    }

    @Test
    void anAddAsksNothingAndNeedsThePlaceEmpty() {
        FakeNats nats = new FakeNats("n1", "n2");
        assertEquals(List.of(1, 2, 3), members(nats).add(3, 1));
        assertTrue(nats.asked.isEmpty());
        var e = assertThrows(IllegalStateException.class, () -> members(nats).add(2, 1));
        assertTrue(e.getMessage().contains("n2-g2"), e.getMessage());
    }

    @Test
    void serverNamesAndPlaces() {
        assertEquals("n3", NatsConfig.serverName(3, 0));
        assertEquals("n3-g2", NatsConfig.serverName(3, 1));
        assertEquals(3, NatsMonitor.nodeNumber("n3-g2"));
        assertEquals(12, NatsMonitor.nodeNumber("n12"));
        assertEquals(0, NatsMonitor.nodeNumber("nats-1"));
        assertEquals(0, NatsMonitor.nodeNumber(""));
        assertTrue(NatsConfig.of(3, 1, Membership.of(3), NatsSystem.STORE_DIR, false, "").text().contains("server_name: n3-g2\n"));
    }

    @Test
    void theMetadataGroupIsReadFromItsLeadersJsz() throws Exception {
        // 2.9.10's /jsz: the leader lists its replicas (offline ones too); a follower only the leader's name
        JsonNode leader = JSON.readTree("{\"meta_cluster\":{\"name\":\"faultline\",\"leader\":\"n1\",\"peer\":\"fjFyEjc1\","
                + "\"replicas\":[{\"name\":\"n3\",\"current\":true},{\"name\":\"n2-g2\",\"current\":false}],\"cluster_size\":3}}");
        assertEquals(Optional.of(List.of("n1", "n2-g2", "n3")), NatsMonitor.metaMembers(leader));
        JsonNode follower = JSON.readTree("{\"meta_cluster\":{\"name\":\"faultline\",\"leader\":\"n1\",\"cluster_size\":3}}");
        assertEquals(Optional.empty(), NatsMonitor.metaMembers(follower));
        assertEquals(Optional.empty(), NatsMonitor.metaMembers(JSON.readTree("{\"disabled\":true}")));
    }
}
