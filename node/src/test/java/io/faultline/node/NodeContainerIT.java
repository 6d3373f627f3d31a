package io.faultline.node;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.faultline.kv.api.GetRequest;
import io.faultline.kv.api.GetResponse;
import io.faultline.kv.api.StatusResponse;
import io.faultline.kv.client.ClusterClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.containers.Network;
import org.testcontainers.containers.wait.strategy.Wait;
import org.testcontainers.utility.DockerImageName;

/**
 * The node image on a private Docker network: three containers n1..n3, writes
 * through the leader, SIGKILL of the leader container, and every acknowledged
 * write read back from the survivors.
 */
@Timeout(value = 5, unit = TimeUnit.MINUTES)
class NodeContainerIT {
    private static final String IMAGE = System.getenv().getOrDefault("FAULTLINE_NODE_IMAGE", "faultline-node:dev");
    private static final String LABEL = "io.faultline.test";
    private static final String PEERS = "1=n1:7001,2=n2:7001,3=n3:7001";
    private static final String CLIENTS = "1=n1:7000,2=n2:7000,3=n3:7000";

    @Test
    void acknowledgedWritesSurviveKillingTheLeaderContainer() throws Exception {
        buildImage();
        Map<Long, GenericContainer<?>> nodes = new TreeMap<>();
        try (Network network = Network.newNetwork()) {
            try {
                for (long id = 1; id <= 3; id++) nodes.put(id, node(network, id));
                nodes.values().parallelStream().forEach(GenericContainer::start);
                SortedMap<Long, String> addresses = new TreeMap<>();
                nodes.forEach((id, c) -> addresses.put(id, c.getHost() + ":" + c.getMappedPort(7000)));
                try (ClusterClient client = new ClusterClient(addresses, 5000)) {
                    long leader = awaitLeader(client, nodes.keySet(), 60_000);
                    Map<String, String> acked = new LinkedHashMap<>();
                    for (int i = 0; i < 200; i++) {
                        client.put("k" + i, "v" + i, 20_000);
                        acked.put("k" + i, "v" + i);
                    }
                    nodes.get(leader).getDockerClient().killContainerCmd(nodes.get(leader).getContainerId())
                            .withSignal("KILL").exec();
                    List<Long> survivors = new ArrayList<>(nodes.keySet());
                    survivors.remove(leader);
                    long newLeader = awaitLeader(client, survivors, 60_000);
                    assertTrue(survivors.contains(newLeader));
                    for (Map.Entry<String, String> e : acked.entrySet()) {
                        GetResponse got = client.get(e.getKey(), 20_000);
                        assertTrue(got.getFound(), "lost " + e.getKey());
                        assertEquals(e.getValue(), got.getValue(), e.getKey());
                    }
                    // The follower among the survivors serves nothing itself, but has applied everything.
                    for (long id : survivors) {
                        StatusResponse s = client.status(id).orElseThrow();
                        assertTrue(s.getAppliedIndex() >= 200, "n" + id + " applied only " + s.getAppliedIndex());
                    }
                    GetResponse direct = client.kv(newLeader).get(GetRequest.newBuilder().setKey("k199").build());
                    assertEquals("v199", direct.getValue());
                }
            } finally {
                nodes.values().forEach(GenericContainer::stop);
            }
        }
    }

    private static GenericContainer<?> node(Network network, long id) {
        return new GenericContainer<>(DockerImageName.parse(IMAGE))
                .withNetwork(network)
                .withNetworkAliases("n" + id)
                .withLabel(LABEL, "node-it")
                .withEnv("FAULTLINE_ID", Long.toString(id))
                .withEnv("FAULTLINE_PEERS", PEERS)
                .withEnv("FAULTLINE_CLIENT_ADDRESSES", CLIENTS)
                .withEnv("FAULTLINE_DATA_DIR", "/data")
                .withExposedPorts(7000)
                .waitingFor(Wait.forLogMessage(".*serving clients.*", 1).withStartupTimeout(Duration.ofSeconds(60)));
    }

    private static long awaitLeader(ClusterClient client, Iterable<Long> ids, long timeoutMs) throws InterruptedException {
        long deadline = System.currentTimeMillis() + timeoutMs;
        while (System.currentTimeMillis() < deadline) {
            for (long id : ids) {
                Optional<StatusResponse> s = client.status(id);
                if (s.isPresent() && s.get().getRole().equals("leader")) return id;
            }
            Thread.sleep(100);
        }
        throw new AssertionError("no leader among " + ids + " within " + timeoutMs + " ms");
    }

    /** Builds the node image (faultline-node:dev unless FAULTLINE_NODE_IMAGE says otherwise) from node/target (cheap when the jars did not change). */
    private static void buildImage() throws Exception {
        String home = System.getenv("FAULTLINE_HOME");
        Path root = home != null && !home.isEmpty() ? Path.of(home) : Path.of("").toAbsolutePath().getParent();
        Path script = root.resolve("docker/build-image.sh");
        assertTrue(Files.exists(script), "no " + script + " (set FAULTLINE_HOME to the repository root)");
        Process build = new ProcessBuilder("bash", script.toString()).inheritIO().start();
        assertTrue(build.waitFor(5, TimeUnit.MINUTES), "image build timed out");
        assertEquals(0, build.exitValue(), "docker/build-image.sh failed");
    }
}
