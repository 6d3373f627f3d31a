package io.faultline.kv;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.faultline.kv.api.GetRequest;
import io.faultline.kv.api.GetResponse;
import io.faultline.kv.api.NotLeader;
import io.faultline.kv.api.PutRequest;
import io.faultline.kv.api.StatusResponse;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** An isolated leader serves no stale read and acknowledges no write; the majority moves on. */
@Timeout(60)
class PartitionTest {
    @TempDir
    Path dir;

    @Test
    void anIsolatedLeaderNeitherServesStaleReadsNorAcknowledgesWrites() throws Exception {
        try (LocalCluster cluster = new LocalCluster(dir, 3, 10_000)) {
            cluster.startAll();
            KvClusterTest.makeLeader(cluster, 1);
            cluster.client().put("x", "old", 5000);

            cluster.isolate(1, true);
            // Sent to the old leader right away: it may still think it leads, but cannot confirm it.
            CompletableFuture<Object> read = CompletableFuture.supplyAsync(() -> outcome(() ->
                    cluster.client().kv(1).get(GetRequest.newBuilder().setKey("x").build())));
            CompletableFuture<Object> write = CompletableFuture.supplyAsync(() -> outcome(() ->
                    cluster.client().kv(1).put(PutRequest.newBuilder().setKey("y").setValue("lost?").build())));

            long newLeader = cluster.awaitLeaderAmong(2, 3);
            cluster.client().kv(newLeader).put(PutRequest.newBuilder().setKey("x").setValue("new").build());

            Object readOutcome = read.get(10, TimeUnit.SECONDS);
            assertTrue(readOutcome instanceof StatusRuntimeException, "isolated leader served a read: " + readOutcome);
            Object writeOutcome = write.get(10, TimeUnit.SECONDS);
            assertTrue(writeOutcome instanceof StatusRuntimeException, "isolated leader acknowledged a write");
            Status.Code code = ((StatusRuntimeException) writeOutcome).getStatus().getCode();
            assertTrue(code == Status.Code.UNAVAILABLE || code == Status.Code.DEADLINE_EXCEEDED,
                    "a proposed write must be answered as outcome unknown, got " + writeOutcome);
            StatusResponse old = cluster.client().status(1).orElseThrow();
            assertNotEquals("leader", old.getRole(), "the isolated leader did not step down");
            StatusRuntimeException redirected = org.junit.jupiter.api.Assertions.assertThrows(
                    StatusRuntimeException.class,
                    () -> cluster.client().kv(1).get(GetRequest.newBuilder().setKey("x").build()));
            assertTrue(NotLeader.from(redirected).isPresent(), redirected.toString());

            cluster.isolate(1, false);
            GetResponse got = cluster.client().get("x", 10_000);
            assertEquals("new", got.getValue());
        }
    }

    @Test
    void aWriteWhoseIndexWentToAnotherEntryFailsForSure() throws Exception {
        try (LocalCluster cluster = new LocalCluster(dir, 3, 10_000)) {
            cluster.startAll();
            KvClusterTest.makeLeader(cluster, 1);
            cluster.client().put("x", "old", 5000);

            cluster.isolate(1, true);
            CompletableFuture<Object> write = CompletableFuture.supplyAsync(() -> outcome(() ->
                    cluster.client().kv(1).put(PutRequest.newBuilder().setKey("y").setValue("lost").build())));
            long newLeader = cluster.awaitLeaderAmong(2, 3);
            cluster.client().kv(newLeader).put(PutRequest.newBuilder().setKey("x").setValue("new").build());
            cluster.isolate(1, false);

            Object writeOutcome = write.get(10, TimeUnit.SECONDS);
            assertTrue(writeOutcome instanceof StatusRuntimeException, "a write that never committed was acknowledged");
            assertEquals(Status.Code.ABORTED, ((StatusRuntimeException) writeOutcome).getStatus().getCode(),
                    "its index was overwritten: a definite failure, got " + writeOutcome);
            assertFalse(cluster.client().get("y", 10_000).getFound());
        }
    }

    private static Object outcome(java.util.function.Supplier<Object> call) {
        try {
            return call.get();
        } catch (StatusRuntimeException e) {
            return e;
        }
    }
}
