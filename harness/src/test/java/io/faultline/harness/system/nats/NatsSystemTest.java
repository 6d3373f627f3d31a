package io.faultline.harness.system.nats;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.faultline.harness.nemesis.FaultPackages;
import io.faultline.harness.system.ErrorKind;
import io.faultline.harness.system.Membership;
import io.faultline.harness.system.NodeLogFormat;
import io.faultline.harness.system.NodeStatus;
import io.faultline.harness.system.SystemUnderTest;
import io.faultline.harness.systems.Systems;
import io.nats.client.api.StorageType;
import java.io.IOException;
import java.net.ConnectException;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.Test;

class NatsSystemTest {
    @Test
    void onlyWhatJetStreamSurelyDidNotStoreIsDefinite() {
        assertInstanceOf(ErrorKind.NotSent.class, NatsOutcomes.classify(NatsApiError.status(503, "No Responders")));
        assertInstanceOf(ErrorKind.NotSent.class, NatsOutcomes.classify(new NatsOutcomes.NotConnected(
                "Unable to queue any more messages during reconnect, max buffer is 0", null)));
        assertInstanceOf(ErrorKind.NotSent.class, NatsOutcomes.classify(new IOException("connect",
                new ConnectException("Connection refused"))));
        assertInstanceOf(ErrorKind.Refused.class, NatsOutcomes.classify(
                new NatsApiError(400, NatsApiError.WRONG_LAST_SEQUENCE, "wrong last sequence: 41")));
        for (Exception maybe : List.of(new TimeoutException(), new ExecutionException(new TimeoutException()),
                new NatsApiError(503, 10008, "JetStream system temporarily unavailable"),
                new NatsApiError(500, 10077, "stream store failed"),
                NatsApiError.status(408, "Request Timeout"),
                new IOException("Connection reset"))) {
            assertInstanceOf(ErrorKind.Unknown.class, NatsOutcomes.classify(maybe), maybe.toString());
        }
    }

    @Test
    void aCasWhoseReadFailedNeverSentItsWrite() {
        assertInstanceOf(ErrorKind.Refused.class, NatsOutcomes.classify(new NatsOutcomes.CasReadFailed(new TimeoutException())));
        assertInstanceOf(ErrorKind.NotSent.class, NatsOutcomes.classify(
                new NatsOutcomes.CasReadFailed(NatsApiError.status(503, "No Responders"))), "tried at the next member");
    }

    @Test
    void aStaticMemberRoutesToEveryMemberByAliasAndStoresOnItsVolume() {
        SystemUnderTest nats = Systems.create("nats", Map.of("config", "max_payload: 65536"));
        List<String> cmd = nats.command(2, Membership.of(3));
        assertEquals(List.of("sh", "-c"), cmd.subList(0, 2));
        assertTrue(cmd.get(2).endsWith("exec /usr/sbin/nats-server -c " + NatsSystem.CONFIG_FILE), cmd.get(2));
        String config = cmd.get(3);
        assertTrue(config.contains("server_name: n2\n"), config);
        assertTrue(config.contains("routes: [nats://n1:6222,nats://n2:6222,nats://n3:6222]"), config);
        assertTrue(config.contains("store_dir: \"/data/nats\""), "on the member's volume: " + config);
        assertTrue(config.contains("debug: true"), config);
        assertTrue(config.endsWith("max_payload: 65536\n"), config);
        assertFalse(Systems.create("nats", Map.of("debug-log", "false")).command(1, Membership.of(3)).get(3)
                .contains("debug"));
        // pgrep -f searches each command line (its arguments joined by spaces) for the pattern.
        var pattern = java.util.regex.Pattern.compile(nats.layout().processPattern());
        assertTrue(pattern.matcher("/usr/sbin/nats-server -c /etc/nats/nats.conf").find());
        assertTrue(pattern.matcher(String.join(" ", cmd)).find(), "the launcher that becomes nats-server: no gap");
        assertFalse(pattern.matcher("sh -c mkdir -p \"$(dirname '/var/log/faultline/node.log')\" && nohup 'sh' '-c' '"
                + cmd.get(2) + "'").find(), "not the shell that starts the launcher");
        assertFalse(pattern.matcher("pkill -KILL -f " + pattern).find(), "not pkill");
        assertEquals("docker/build-nats-image.sh", nats.imageScript());
    }

    @Test
    void theBucketHasEveryMemberAsReplicaUnlessToldAndBadOptionsAreRefused() {
        var options = Systems.create("nats", Map.of()).options();
        NatsBucket all = NatsSystem.bucket(options, 5);
        assertEquals(5, all.replicas());
        var sc = all.streamConfiguration();
        assertEquals("KV_faultline", sc.getName());
        assertEquals(List.of("$KV.faultline.>"), sc.getSubjects());
        assertEquals(StorageType.File, sc.getStorageType());
        assertEquals(1, sc.getMaxMsgsPerSubject());
        assertFalse(sc.getAllowDirect(), "gets go to the stream leader by default");
        NatsBucket three = NatsSystem.bucket(Systems.create("nats", Map.of("replicas", "3", "history", "5",
                "storage", "memory", "direct-get", "true")).options(), 5);
        assertEquals(3, three.replicas());
        assertEquals(5, three.streamConfiguration().getMaxMsgsPerSubject());
        assertEquals(StorageType.Memory, three.storage());
        assertTrue(three.streamConfiguration().getAllowDirect());
        var r5 = Systems.create("nats", Map.of("replicas", "5")).options();
        assertThrows(IllegalArgumentException.class, () -> NatsSystem.bucket(r5, 3), "more replicas than members");
        for (var bad : List.of(Map.of("replicas", "0"), Map.of("replicas", "6"), Map.of("replicas", "most"),
                Map.of("storage", "disk"), Map.of("history", "65"), Map.of("history", "0"), Map.of("no-such", "1"))) {
            assertThrows(IllegalArgumentException.class, () -> Systems.create("nats", bad), bad.toString());
        }
    }

    @Test
    void theScriptedFaultsAreRefusedAndTheOthersAllowed() {
        SystemUnderTest nats = Systems.create("nats", Map.of());
        assertTrue(FaultPackages.supported(nats).containsAll(List.of("kill", "kill-all", "pause", "partition",
                "partition-leader", "loss", "power-loss", "corrupt", "membership")), FaultPackages.supported(nats).toString());
        for (String fault : List.of("vote-crash", "figure-8")) {
            assertFalse(FaultPackages.supported(nats).contains(fault), fault);
        }
    }

    @Test
    void theLogGivesTheStoreGroupsRoleAndTheTimeItBecameReady() {
        NatsLogFormat log = new NatsLogFormat();
        var ready = log.parse("[16] 2026/12/06 10:20:53.539970 [INF] Server is ready").orElseThrow();
        assertEquals(Instant.parse("2026-12-06T10:20:53.539970Z"), ready.at());
        assertNull(ready.role());
        assertEquals(Instant.parse("2026-12-06T10:20:53.539970Z"), Systems.create("nats", Map.of())
                .servingAt("[16] 2026/12/06 10:20:53.539970 [INF] Server is ready").orElseThrow());
        NodeLogFormat.Line leader = log.parse(
                "[158] 2026/12/06 10:21:28.533429 [DBG] RAFT [fjFyEjc1 - S-R3F-Z2n0VbFB] Switching to leader").orElseThrow();
        assertEquals("leader", leader.role());
        assertEquals(-1, leader.term(), "nats-server logs no term");
        assertEquals("follower", log.parse("[1] 2026/12/06 10:21:28.533429 [DBG] RAFT [fjFyEjc1 - S-R3F-Z2n0VbFB]"
                + " Switching to follower").orElseThrow().role());
        assertNull(log.parse("[1] 2026/12/06 10:20:53.766962 [DBG] RAFT [BXScrY9i - _meta_] Switching to leader")
                .orElseThrow().role(), "the metadata group is not the store");
        assertEquals("leader", log.parse("[1] 2026/12/06 10:21:28.533484 [INF] JetStream cluster new stream leader"
                + " for '$G > KV_faultline'").orElseThrow().role());
        assertTrue(log.parse("=== faultline: node start 2026-12-06T10:20:53.448959410Z").isEmpty());
        assertTrue(log.parse("Starting nats-server").isEmpty());
    }

    @Test
    void aMembersViewIsItsStreamLeaderAndTheLastSequenceInItsOwnStore() throws Exception {
        var jsz = new ObjectMapper().readTree("""
                {"meta_cluster":{"name":"faultline","leader":"n3"},
                 "account_details":[{"name":"$G","stream_detail":[
                   {"name":"KV_other","cluster":{"leader":"n1"},"state":{"last_seq":9}},
                   {"name":"KV_faultline","cluster":{"name":"faultline","leader":"n2",
                    "replicas":[{"name":"n1","current":true},{"name":"n3","current":false}]},
                    "state":{"messages":10,"last_seq":1646}}]}]}""");
        NatsMonitor.View follower = NatsMonitor.view(1, jsz, "KV_faultline");
        assertEquals("n3", follower.metaLeader());
        assertEquals(new NodeStatus.State("follower", 0, 2, 1646, 1646, 1646), follower.state());
        assertEquals(java.util.Set.of(1, 2, 3), follower.replicas());
        assertEquals(NodeStatus.State.LEADER, NatsMonitor.view(2, jsz, "KV_faultline").state().role());
        var leaderless = new ObjectMapper().readTree("""
                {"meta_cluster":{"leader":""},"account_details":[{"stream_detail":[
                  {"name":"KV_faultline","cluster":{},"state":{"last_seq":3}}]}]}""");
        assertEquals(new NodeStatus.State("candidate", 0, 0, 3, 3, 3), NatsMonitor.view(1, leaderless, "KV_faultline").state());
        var before = NatsMonitor.view(1, new ObjectMapper().readTree("{\"meta_cluster\":{\"leader\":\"n1\"}}"), "KV_faultline");
        assertNull(before.state(), "no stream yet");
        assertEquals("n1", before.metaLeader());
    }

    /** On hosts the servers are named after their hosts: the members' names map to node numbers. */
    @Test
    void membersNamedAfterTheirHostsAreFoundByName() throws Exception {
        var jsz = new ObjectMapper().readTree("""
                {"meta_cluster":{"leader":"db-b"},"account_details":[{"stream_detail":[
                  {"name":"KV_faultline","cluster":{"leader":"db-b","replicas":[{"name":"db-c"}]},
                   "state":{"last_seq":7}}]}]}""");
        Map<String, Integer> names = Map.of("db-a", 1, "db-b", 2, "db-c", 3);
        NatsMonitor.View v = NatsMonitor.view(1, jsz, "KV_faultline", n -> names.getOrDefault(n, 0));
        assertEquals(new NodeStatus.State("follower", 0, 2, 7, 7, 7), v.state());
        assertEquals(java.util.Set.of(1, 2, 3), v.replicas());
        assertEquals("candidate", NatsMonitor.view(1, jsz, "KV_faultline").state().role(), "by n<i> alone: no leader");
    }

    @Test
    void aMemberWithoutAReplicaFollowsTheStreamLeaderAndAReplicaWithoutItsStreamHasNoState() {
        var leader = new NatsMonitor.View("n1", new NodeStatus.State(NodeStatus.State.LEADER, 0, 2, 40, 40, 40),
                java.util.Set.of(2));
        var none = new NatsMonitor.View("n1", null, java.util.Set.of());
        var statuses = NatsMonitor.statuses(Map.of(1, new NatsMonitor.Answer(none, null),
                2, new NatsMonitor.Answer(leader, null), 3, new NatsMonitor.Answer(null, "ConnectException")), "KV_faultline", 1, null);
        assertEquals(new NodeStatus.State("follower", 0, 2, 40, 40, 0), statuses.get(0).state(), "n1 holds no replica");
        assertTrue(statuses.get(1).isLeader());
        assertFalse(statuses.get(2).answered());
        // With three replicas, a member without its stream is not caught up: it is not answering yet.
        var r3 = new NatsMonitor.View("n1", new NodeStatus.State(NodeStatus.State.LEADER, 0, 2, 40, 40, 40),
                java.util.Set.of(1, 2, 3));
        var stillStarting = NatsMonitor.statuses(Map.of(1, new NatsMonitor.Answer(none, null),
                2, new NatsMonitor.Answer(r3, null)), "KV_faultline", 2, null);
        assertFalse(stillStarting.get(0).answered(), stillStarting.toString());
        assertTrue(stillStarting.get(0).error().contains("no stream KV_faultline"));
        // A replica on every member, but the stream lists two (one removed, its fresh server not placed
        // yet): the member without the stream has not caught up, it is not a forwarding non-replica.
        var r2of3 = new NatsMonitor.View("n1", new NodeStatus.State(NodeStatus.State.LEADER, 0, 2, 40, 40, 40),
                java.util.Set.of(2, 3));
        var freshServer = NatsMonitor.statuses(Map.of(1, new NatsMonitor.Answer(none, null),
                2, new NatsMonitor.Answer(r2of3, null), 3, new NatsMonitor.Answer(r2of3, null)), "KV_faultline", 3, null);
        assertFalse(freshServer.get(0).answered(), freshServer.toString());
        assertEquals(new NodeStatus.State("follower", 0, 2, 40, 40, 0), NatsMonitor.statuses(Map.of(
                1, new NatsMonitor.Answer(none, null), 2, new NatsMonitor.Answer(r2of3, null),
                3, new NatsMonitor.Answer(r2of3, null)), "KV_faultline", 2, null).get(0).state(),
                "with replicas=2 of 3 members the same member is a forwarding non-replica");
    }

    @Test
    void aHeaderIsReadFromItsBlock() {
        assertEquals("DEL", NatsCaller.headerValue("NATS/1.0\r\nKV-Operation: DEL\r\n\r\n", "kv-operation"));
        assertNull(NatsCaller.headerValue("NATS/1.0\r\nNats-Msg-Id: x\r\n\r\n", NatsCaller.KV_OPERATION));
    }
}
