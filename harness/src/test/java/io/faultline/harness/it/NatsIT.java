package io.faultline.harness.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.faultline.checker.history.Op;
import io.faultline.harness.junit.ChaosResult;
import io.faultline.harness.junit.ChaosTest;
import io.faultline.harness.junit.FaultlineExtension;
import io.faultline.harness.system.nats.NatsSystem;
import java.nio.file.Files;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * NATS JetStream's KV store (Debian's nats-server 2.9.10) through the same harness: gets, puts
 * and deletes under every fault the harness can inject into it are linearizable; and its
 * compare-and-set (update at a revision) is not — two updates at one revision both succeed on a
 * replicated bucket (fixed upstream in 2.9.21), while on a bucket of one replica, with the same
 * seed and client, every cas holds.
 */
@ExtendWith(FaultlineExtension.class)
class NatsIT {
    @Test
    void aThreeMemberRunOfGetsPutsAndDeletesWithEveryNonScriptedFaultIsLinearizable(ChaosTest test) throws Exception {
        // After a kill-all NATS takes about 10 s to elect the stream's leader again, and a fault waits at most
        // 5 s for a leader: this seed draws every kind once, with the kill-all last.
        ChaosResult result = test.system(NatsSystem.NAME).nodes(3)
                .timeLimit(Duration.ofSeconds(40)).concurrency(6).rate(150)
                .opMix("read=50,write=40,delete=10")
                .nemesis(ChaosRunChecks.EVERY_PLAIN_FAULT)
                .nemesisInterval(Duration.ofSeconds(8)).faultDuration(Duration.ofMillis(2500))
                .seed(20261225)
                // The kill-all comes last; its stream leader once took 31 s on the loaded machine.
                .recoveryTimeout(Duration.ofSeconds(90))
                .run();

        List<Op> history = ChaosRunChecks.passedEveryPlainFault(result);
        assertTrue(history.stream().anyMatch(op -> !op.isNemesis() && op.f().equals("delete") && op.type() == Op.Type.OK),
                "deletes were served");
        String log = Files.readString(result.directory().resolve("nodes/n1.log"));
        assertTrue(log.contains("Version:  2.9.10") && log.contains("Switching to"), "the node log is nats-server's, debug on");
        assertTrue(Files.readString(result.directory().resolve("config.json")).contains("\"system\" : \"nats\""));
    }

    /**
     * One server removed through JetStream's API (the stream's peer, then the metadata group's),
     * then wiped and started under a new name: it joins by its routes, NATS places the stream's
     * missing replica on it, and the run recovers with it holding what the leader holds.
     */
    @Test
    void aServerRemovedThroughJetStreamsApiComesBackWipedUnderANewNameWithAReplica(ChaosTest test) throws Exception {
        ChaosResult result = test.system(NatsSystem.NAME).nodes(3)
                .timeLimit(Duration.ofSeconds(14)).concurrency(6).rate(150)
                .opMix("read=50,write=40,delete=10")
                .nemesis("membership").nemesisInterval(Duration.ofSeconds(20)).faultDuration(Duration.ofSeconds(4))
                .seed(3)
                .recoveryTimeout(Duration.ofSeconds(60))
                .run();

        List<Op> history = ChaosRunChecks.completeAndClean(result.assertLinearizable(), List.of("membership"), 3);
        Op start = history.stream().filter(op -> op.f().equals("start-membership")).findFirst().orElseThrow();
        Op stop = history.stream().filter(op -> op.f().equals("stop-membership")).findFirst().orElseThrow();
        String removed = (String) start.extra().get("removed");
        assertTrue(!((List<?>) start.extra().get("members")).contains(removed), "removed: " + start.extra());
        assertEquals(List.of("n1", "n2", "n3"), stop.extra().get("members"));
        String log = Files.readString(result.directory().resolve("nodes/" + removed + ".log"));
        assertTrue(log.contains("JetStream being DISABLED, our server was removed from the cluster"), "removed by NATS");
        String fresh = log.substring(log.lastIndexOf("=== faultline: node start"));
        assertTrue(fresh.contains("Name:     " + removed + "-g2"), "the fresh server's name");
        assertTrue(fresh.contains("creating raft group:&{Name:S-"), "the fresh server got a replica of the stream");
    }

    /** Tried in this order until one is not linearizable. */
    static final List<Long> SEEDS = List.of(1L, 2L, 3L, 4L, 5L);

    /**
     * Twelve workers racing compare-and-sets on one key, no faults; deletes make many of them
     * expect the key absent at one revision at once.
     */
    private static ChaosTest casRace(ChaosTest t) {
        return t.system(NatsSystem.NAME).nodes(3).timeLimit(Duration.ofSeconds(12)).concurrency(12).rate(400).keys(1)
                .opMix("read=10,delete=30,cas=60").nemesis("none");
    }

    @Test
    void twoUpdatesAtOneRevisionBothSucceedOnAReplicatedBucketAndNeverOnASingleReplica(ChaosTest test) {
        long caughtWith = ChaosRunChecks.firstCaught("2.9.10's cas race", SEEDS, seed -> casRace(test).seed(seed).run());

        // The same run on a bucket of one replica (JetStream's unclustered path): every cas holds.
        casRace(test).systemOption(NatsSystem.REPLICAS, "1").seed(caughtWith).run().assertLinearizable();
    }
}
