package io.faultline.harness.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.faultline.harness.client.Completion;
import io.faultline.harness.cluster.Cluster;
import io.faultline.harness.cluster.ClusterHealth;
import io.faultline.harness.cluster.ClusterSpec;
import io.faultline.harness.generator.KvOp;
import io.faultline.harness.generator.OpKind;
import io.faultline.checker.history.Op;
import io.faultline.harness.nemesis.DockerFaults;
import io.faultline.harness.nemesis.LinkDelayFault;
import io.faultline.harness.system.SystemClient;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Membership changes and link delays on real containers of the Faultline node: a member
 * removed through the node's Admin API, wiped and added back under a new member number, catches
 * up and the cluster agrees again; writes made meanwhile survive; a link delay holds peer
 * traffic both ways and lifting it breaks nothing.
 */
class MembershipIT {
    private static final String RUN = "it-member-" + System.currentTimeMillis();
    private static Cluster cluster;
    private static DockerFaults faults;

    @BeforeAll
    static void start() throws Exception {
        cluster = Cluster.start(ClusterSpec.of(3), RUN, m -> System.out.println("[it] " + m));
        cluster.startNodes();
        cluster.health().awaitLeader(Duration.ofSeconds(60));
        faults = new DockerFaults(cluster);
        faults.install(List.of(LinkDelayFault.PACKAGE));
        cluster.awaitLeader(Duration.ofSeconds(60));
    }

    @AfterAll
    static void stop() {
        if (cluster != null) cluster.close();
    }

    private static Completion put(SystemClient client, String key, String value) {
        return client.invoke(new KvOp("put", OpKind.WRITE, key, key, value));
    }

    private static Completion get(SystemClient client, String key) {
        return client.invoke(new KvOp("get", OpKind.READ, key, key, null));
    }

    private static boolean ok(Completion c) {
        return c.type() == Op.Type.OK;
    }

    @Test
    void theLeaderIsRemovedReAddedWipedUnderANewNumberAndEverythingWrittenSurvives() throws Exception {
        try (SystemClient client = cluster.session().client(Duration.ofSeconds(10), 1)) {
            int leader = cluster.awaitLeader(Duration.ofSeconds(60));
            assertTrue(ok(put(client, "before", "1")));

            List<Integer> without = faults.removeMember(leader);
            assertEquals(2, without.size(), "members after the removal: " + without);
            assertTrue(!without.contains(leader), without.toString());
            assertTrue(ok(put(client, "during", "2")), "the two left take writes");

            assertEquals(List.of(1, 2, 3), faults.addFreshMember(leader));
            assertEquals(1, cluster.node(leader).generation());
            assertTrue(ok(put(client, "after", "3")));
            ClusterHealth.Recovery r = cluster.health().awaitRecovery(Duration.ofSeconds(60));
            assertTrue(r.recovered(), "the fresh member caught up: " + r.evidence());
            assertTrue(cluster.node(leader).logLines().stream().anyMatch(l -> l.contains(" n" + (leader + 10) + " ")),
                    "the fresh node runs as member " + (leader + 10));

            // Restarted after a kill, the fresh member carries on as itself, from its own data.
            faults.kill(leader);
            faults.restart(leader);
            assertTrue(cluster.health().awaitRecovery(Duration.ofSeconds(60)).recovered());
            for (String key : List.of("before", "during", "after")) {
                Completion c = get(client, key);
                assertTrue(ok(c) && c.value() != null, key + ": " + c);
            }
        }
    }

    @Test
    void aLinkDelayHoldsEveryPeerLinkAndLiftingItBreaksNothing() throws Exception {
        try (SystemClient client = cluster.session().client(Duration.ofSeconds(10), 1)) {
            faults.delayLinks(200, 0, 1);
            String proxied = cluster.node(1).exec("sh", "-c", "cat /tmp/faultline-link-delay.log");
            assertTrue(proxied.contains("delay 200 ms"), proxied);
            long t = System.nanoTime();
            assertTrue(ok(put(client, "slow", "1")), "writes go on under the delay");
            long took = System.nanoTime() - t;
            // A commit needs the append to a follower (its proxy) and the answer (the leader's): a
            // connection left outside the proxies at install made this 53 ms once.
            assertTrue(took >= 400_000_000L, "a write under 200 ms each way took " + took / 1_000_000 + " ms");
            faults.healNetwork();
            assertTrue(ok(put(client, "healed", "1")));
            assertTrue(cluster.health().awaitRecovery(Duration.ofSeconds(60)).recovered());
        }
    }
}
