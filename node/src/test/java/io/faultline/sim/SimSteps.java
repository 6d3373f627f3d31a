package io.faultline.sim;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.faultline.kv.api.PutRequest;
import io.faultline.kv.peer.Command;
import java.util.concurrent.CompletableFuture;
import java.util.function.LongPredicate;

/** Small moves for scenario tests on a {@link SimCluster}; every wait is in virtual time. */
final class SimSteps {
    static final long SECOND = 1_000_000_000L;

    private SimSteps() {}

    /** Runs until an acceptable node leads and has handled the Ready that made it leader (so it takes requests). */
    static SimNode awaitLeader(SimCluster cluster, LongPredicate acceptable) {
        SimScheduler s = cluster.scheduler();
        assertTrue(s.runUntil(s.now() + 10 * SECOND, () -> cluster.leader() != 0 && acceptable.test(cluster.leader())),
                "no leader within 10 simulated s");
        SimNode leader = cluster.node(cluster.leader());
        s.runUntil(s.now() + SECOND / 10);
        return leader;
    }

    static CompletableFuture<com.google.protobuf.Message> put(SimNode node, String key, String value) {
        return node.write(Command.newBuilder().setPut(PutRequest.newBuilder().setKey(key).setValue(value)));
    }

    /** A put that must be acknowledged within 5 simulated seconds. */
    static void write(SimCluster cluster, SimNode leader, String key, String value) {
        var done = put(leader, key, value);
        runUntilDone(cluster, done, 5);
        assertTrue(done.isDone() && !done.isCompletedExceptionally(), "write " + key + "=" + value + ": " + done);
    }

    static void runUntilDone(SimCluster cluster, CompletableFuture<?> future, long seconds) {
        cluster.scheduler().runUntil(cluster.scheduler().now() + seconds * SECOND, future::isDone);
    }

    /** Cuts (or restores) both directions of every link of {@code id}. */
    static void isolate(SimCluster cluster, long id, boolean cut) {
        for (long other : cluster.ids()) {
            if (other == id) continue;
            cluster.network().cut(id, other, cut);
            cluster.network().cut(other, id, cut);
        }
    }
}
