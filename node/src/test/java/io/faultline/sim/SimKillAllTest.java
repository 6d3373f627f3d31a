package io.faultline.sim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.faultline.kv.api.GetResponse;
import io.faultline.kv.api.PutRequest;
import io.faultline.kv.peer.Command;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/**
 * Every node is killed at once, at a random moment of a stream of puts, and loses
 * everything it had not fsynced (the worst a power cut can do; a real kill -9 loses
 * less). After a restart every put that was acknowledged must be there. Virtual time:
 * the outcome of each seed is the same on any machine.
 */
class SimKillAllTest {
    private static final long MS = 1_000_000L;
    private static final long SECOND = 1000 * MS;
    private static final int CLIENTS = 8;
    private static final int SEEDS = 40;

    @Test
    void everyAcknowledgedPutSurvivesTheLossOfEveryNodesUnsyncedWrites() {
        long acknowledged = 0;
        for (long seed = 1; seed <= SEEDS; seed++) {
            Outcome o = killAllDuringPuts(seed, List.of());
            assertEquals(List.of(), o.lost(), "seed " + seed + ": acknowledged puts lost");
            acknowledged += o.acknowledged();
        }
        assertTrue(acknowledged > SEEDS * 10L, "the puts ran: " + acknowledged + " acknowledged");
    }

    /** The control: a node that skips fsyncs loses acknowledged puts here, so the test can see a loss. */
    @Test
    void aNodeThatSkipsFsyncsLosesAcknowledgedPuts() {
        int losing = 0;
        for (long seed = 1; seed <= 10; seed++) {
            if (!killAllDuringPuts(seed, List.of("--unsafe-lost-fsync", "--i-know-this-is-unsafe")).lost().isEmpty()) {
                losing++;
            }
        }
        assertTrue(losing >= 5, "only " + losing + " of 10 seeds lost an acknowledged put");
    }

    private record Outcome(long acknowledged, List<String> lost) {}

    private static Outcome killAllDuringPuts(long seed, List<String> flags) {
        SimCluster cluster = new SimCluster(seed, 3, flags, SimNetwork.Profile.calm());
        SimScheduler s = cluster.scheduler();
        assertTrue(s.runUntil(10 * SECOND, () -> cluster.leader() != 0), "seed " + seed + ": no leader");
        Map<String, String> acked = new LinkedHashMap<>();
        boolean[] stopped = {false};
        for (int c = 0; c < CLIENTS; c++) putLoop(cluster, c, 0, acked, stopped);
        s.runUntil(s.now() + s.random().nextLong(200 * MS, 2 * SECOND));
        stopped[0] = true;
        for (SimNode n : cluster.nodes()) n.crash("test: kill -9 of every node", true);
        cluster.nodes().forEach(SimNode::start);
        assertTrue(s.runUntil(s.now() + 20 * SECOND, () -> cluster.leader() != 0), "seed " + seed + ": no leader after restart");

        List<String> lost = new ArrayList<>();
        for (Map.Entry<String, String> e : acked.entrySet()) {
            GetResponse r = read(cluster, e.getKey());
            if (!r.getFound() || !r.getValue().equals(e.getValue())) lost.add(e.getKey());
        }
        return new Outcome(acked.size(), lost);
    }

    /** One client: puts c-i to whoever leads, one after another, retrying a failed one until it is acknowledged. */
    private static void putLoop(SimCluster cluster, int client, int i, Map<String, String> acked, boolean[] stopped) {
        if (stopped[0]) return;
        String key = "c" + client + "-" + i;
        long leader = cluster.leader();
        CompletableFuture<com.google.protobuf.Message> f = leader == 0 ? CompletableFuture.failedFuture(new IllegalStateException())
                : cluster.node(leader).write(Command.newBuilder().setPut(PutRequest.newBuilder().setKey(key).setValue("v" + i)));
        f.whenComplete((ok, error) -> {
            if (stopped[0]) return;
            if (error == null) acked.put(key, "v" + i);
            cluster.scheduler().after(MS, () -> putLoop(cluster, client, error == null ? i + 1 : i, acked, stopped));
        });
    }

    private static GetResponse read(SimCluster cluster, String key) {
        SimScheduler s = cluster.scheduler();
        for (int attempt = 0; attempt < 20; attempt++) {
            s.runUntil(s.now() + 20 * SECOND, () -> cluster.leader() != 0);
            CompletableFuture<GetResponse> f = cluster.node(cluster.leader()).read(key);
            s.runUntil(s.now() + 10 * SECOND, f::isDone);
            if (f.isDone() && !f.isCompletedExceptionally()) return f.join();
            // The core may lead a moment before the node's loop has taken that in: retry a little later.
            s.runUntil(s.now() + 100 * MS);
        }
        throw new AssertionError("no read of " + key + " succeeded: " + cluster.nodes().stream().map(SimNode::describe).toList());
    }
}
