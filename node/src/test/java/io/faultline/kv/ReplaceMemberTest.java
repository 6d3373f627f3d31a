package io.faultline.kv;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.faultline.kv.api.ReplaceMemberRequest;
import io.faultline.kv.api.StatusResponse;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** ReplaceMember swaps a voter for a new node in one joint change, answered once the joint configuration is left. */
@Timeout(90)
class ReplaceMemberTest {
    @TempDir
    Path dir;

    private static ReplaceMemberRequest replace(LocalCluster cluster, long out, long in) {
        return ReplaceMemberRequest.newBuilder().setRemoveId(out).setAddId(in)
                .setPeerAddress(cluster.peerAddress(in)).setClientAddress(cluster.clientAddress(in)).build();
    }

    @Test
    void aVoterIsReplacedByANewNodeThatThenServes() throws Exception {
        Acknowledged acked = new Acknowledged();
        try (LocalCluster cluster = new LocalCluster(dir, 3, 50)) {
            cluster.startAll();
            KvClusterTest.makeLeader(cluster, 1);
            // past the snapshot threshold: the new node starts from a snapshot, which holds the configuration
            for (int i = 0; i < 80; i++) {
                acked.put(cluster.client(), "k" + i, "v" + i);
            }
            long joiner = cluster.addJoiner();
            cluster.start(joiner);
            List<Long> voters = KvClusterTest.onLeader(cluster, 1,
                    n -> cluster.client().admin(n).replaceMember(replace(cluster, 3, joiner))).getVotersList();
            assertEquals(List.of(1L, 2L, joiner), voters);
            StatusResponse leader = cluster.client().status(1).orElseThrow();
            assertEquals(List.of(1L, 2L, joiner), leader.getVotersList());

            cluster.stop(3);
            acked.put(cluster.client(), "after-replace", "yes");
            StatusResponse caughtUp = CatchUpTest.awaitApplied(cluster, joiner,
                    cluster.client().status(1).orElseThrow().getCommitIndex());
            assertEquals(List.of(1L, 2L, joiner), caughtUp.getVotersList());
            assertTrue(caughtUp.getLastSnapshotIndex() > 0, "the new node started from a snapshot: " + caughtUp);
            KvClusterTest.makeLeader(cluster, joiner);
            assertEquals(List.of(), acked.missingOn(cluster, joiner));

            // n3 is no voter any more: replacing it again is refused, and nothing changes
            long current = cluster.awaitLeader(10_000);
            StatusRuntimeException e = assertThrows(StatusRuntimeException.class,
                    () -> cluster.client().admin(current).replaceMember(replace(cluster, 3, joiner)));
            assertEquals(Status.Code.INVALID_ARGUMENT, e.getStatus().getCode());
            assertTrue(e.getStatus().getDescription().contains("not a voter"), e.getStatus().getDescription());
        }
    }

    @Test
    void aReplacementOfANodeByItselfIsRefusedBeforeAnythingIsProposed() throws Exception {
        try (LocalCluster cluster = new LocalCluster(dir, 3, 1000)) {
            cluster.startAll();
            long leader = cluster.awaitLeader(10_000);
            StatusRuntimeException e = assertThrows(StatusRuntimeException.class, () -> cluster.client().admin(leader)
                    .replaceMember(ReplaceMemberRequest.newBuilder().setRemoveId(2).setAddId(2)
                            .setPeerAddress("127.0.0.1:1").build()));
            assertEquals(Status.Code.INVALID_ARGUMENT, e.getStatus().getCode());
            assertEquals(List.of(1L, 2L, 3L), cluster.client().status(leader).orElseThrow().getVotersList());
        }
    }
}
