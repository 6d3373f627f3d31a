package io.faultline.harness.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.faultline.harness.cluster.DockerResources;
import io.faultline.harness.cluster.Labels;
import io.faultline.harness.junit.ChaosResult;
import io.faultline.harness.junit.ChaosTest;
import io.faultline.harness.junit.FaultlineExtension;
import io.faultline.harness.run.RunStatus;
import io.faultline.harness.system.etcd.EtcdSystem;
import java.nio.file.Files;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * etcd 3.4 (a system none of us wrote) through the same harness: a short chaos run
 * with every fault the harness can inject into it is linearizable; with serializable
 * reads (a member answers from its own state) the harness reports the stale reads,
 * and the same runs with etcd's default linearizable reads pass.
 */
@ExtendWith(FaultlineExtension.class)
class EtcdIT {
    /** Tried in this order until one is not linearizable. */
    static final List<Long> SEEDS = List.of(1L, 2L, 3L, 4L, 5L);

    @Test
    void aThreeMemberRunWithEveryNonScriptedFaultIsLinearizable(ChaosTest test) throws Exception {
        ChaosResult result = test.system(EtcdSystem.NAME).nodes(3)
                .timeLimit(Duration.ofSeconds(30)).concurrency(6).rate(150)
                .nemesis(ChaosRunChecks.EVERY_PLAIN_FAULT)
                .nemesisInterval(Duration.ofSeconds(5)).faultDuration(Duration.ofMillis(2500))
                .seed(20261130)
                .run();

        ChaosRunChecks.passedEveryPlainFault(result);
        assertTrue(Files.readString(result.directory().resolve("nodes/n1.log")).contains("etcd Version: 3.4"),
                "the node log is etcd's");
        assertTrue(Files.readString(result.directory().resolve("config.json")).contains("\"system\" : \"etcd\""));
    }

    @Test
    void aMemberThatRefusesItsFlagsStopsTheStartWithItsOwnWords(ChaosTest test) throws Exception {
        ChaosResult r = test.system(EtcdSystem.NAME).nodes(3).timeLimit(Duration.ofSeconds(5)).nemesis("none")
                .systemOption("flags", "--no-such-flag").seed(1).run();
        assertEquals(RunStatus.SETUP_ERROR, r.status(), r.run().summary());
        // etcd's own first line, not the start timeout's "no leader within 60 s".
        assertTrue(r.run().summary().contains("exited during start")
                && r.run().summary().contains("flag provided but not defined: -no-such-flag"), r.run().summary());
        assertEquals(0, DockerResources.count(Labels.RUN,
                io.faultline.harness.cluster.Cluster.dockerName(r.directory().getFileName().toString())).total());
        assertTrue(Files.readString(r.directory().resolve("result.json")).contains("flag provided but not defined"));
    }

    /**
     * A member cut off (or the leader) every 5 s for 3 s; 3 keys, mostly reads, so a
     * member's stale answer soon contradicts a write the majority acknowledged.
     */
    private static ChaosTest partitions(ChaosTest t) {
        return t.system(EtcdSystem.NAME).nodes(3).timeLimit(Duration.ofSeconds(15)).concurrency(8).rate(300).keys(3)
                .opTimeout(Duration.ofMillis(500)).opMix("read=85,write=15")
                .nemesis("partition-one,partition-leader")
                .nemesisInterval(Duration.ofSeconds(5)).faultDuration(Duration.ofSeconds(3));
    }

    @Test
    void serializableReadsAreCaughtAndLinearizableReadsPass(ChaosTest test) {
        long caughtWith = ChaosRunChecks.firstCaught("serializable reads", SEEDS,
                seed -> partitions(test).systemOption(EtcdSystem.SERIALIZABLE_READS, "true").seed(seed).run());

        // The very run that caught it, with etcd's default reads: nothing to find.
        partitions(test).systemOption(EtcdSystem.SERIALIZABLE_READS, "false").seed(caughtWith).run()
                .assertLinearizable();
    }
}
