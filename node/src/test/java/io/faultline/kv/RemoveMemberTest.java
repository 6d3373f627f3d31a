package io.faultline.kv;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.faultline.kv.api.RemoveMemberRequest;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Removing a member shrinks the quorum: two voters keep working with the removed node gone. */
@Timeout(60)
class RemoveMemberTest {
    @TempDir
    Path dir;

    @Test
    void theClusterKeepsWorkingWithoutARemovedMember() throws Exception {
        try (LocalCluster cluster = new LocalCluster(dir, 3, 10_000)) {
            cluster.startAll();
            KvClusterTest.makeLeader(cluster, 1);
            Acknowledged acked = new Acknowledged();
            acked.put(cluster.client(), "before", "1");
            List<Long> voters = KvClusterTest.onLeader(cluster, 1, n -> cluster.client().admin(n)
                    .removeMember(RemoveMemberRequest.newBuilder().setId(3).build())).getVotersList();
            assertEquals(List.of(1L, 2L), voters);
            cluster.stop(3);
            acked.put(cluster.client(), "after", "2");
            assertEquals(List.of(1L, 2L), cluster.client().status(2).orElseThrow().getVotersList());
            assertEquals(List.of(), acked.missingOn(cluster, 1));
            // A follower cannot change membership: it redirects.
            StatusRuntimeException e = assertThrows(StatusRuntimeException.class, () -> cluster.client().admin(2)
                    .removeMember(RemoveMemberRequest.newBuilder().setId(1).build()));
            assertEquals(Status.Code.FAILED_PRECONDITION, e.getStatus().getCode());
        }
    }
}
