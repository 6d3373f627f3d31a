package io.faultline.node.image;

import io.faultline.kv.KvNode;
import io.faultline.kv.LoopbackPorts;
import io.faultline.kv.api.CasRequest;
import io.faultline.kv.api.CrashPointRequest;
import io.faultline.kv.api.DeleteRequest;
import io.faultline.kv.api.SnapshotRequest;
import io.faultline.kv.api.StatusResponse;
import io.faultline.kv.api.TransferLeaderRequest;
import io.faultline.kv.client.ClusterClient;
import io.faultline.node.NodeCommand;
import io.faultline.kv.config.NodeConfig;
import io.grpc.StatusRuntimeException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;
import picocli.CommandLine;

/**
 * The training run of the node image's class-data archive. The image's build runs it once
 * under {@code -XX:ArchiveClassesAtExit}; the classes it loads are then mapped ready-made
 * by every node start ({@code -XX:SharedArchiveFile}) instead of being read from the jars,
 * parsed and verified again, which is most of a cold node's CPU before it serves.
 *
 * <p>It plays, with three nodes in this JVM on loopback, what a node does in a chaos run:
 * start on a new and on an existing data directory (the flags parsed as the image's entry
 * point parses them), elect, take puts, gets, compare-and-swaps and deletes through a
 * follower's redirect, answer Admin calls (status, crash points armed and disarmed, a
 * leadership transfer, a compaction), lose a node and take it back, and bring a node that
 * missed a compaction up to date by snapshot. Any step that fails fails the run: an image
 * whose archive silently lacks the restart path would start slowly again.
 *
 * <p>{@code java -XX:ArchiveClassesAtExit=A -cp … io.faultline.node.image.ClassTraining DIR}
 */
public final class ClassTraining {
    private static final long GIVE_UP_MS = 60_000;
    private static final int SNAPSHOT_THRESHOLD = 200;

    private final Path root;
    private final SortedMap<Long, Integer> clientPorts = new TreeMap<>();
    private final SortedMap<Long, Integer> peerPorts = new TreeMap<>();
    private final Map<Long, KvNode> running = new TreeMap<>();

    private ClassTraining(Path root) {
        this.root = root;
        for (long id = 1; id <= 3; id++) {
            clientPorts.put(id, LoopbackPorts.next());
            peerPorts.put(id, LoopbackPorts.next());
        }
    }

    public static void main(String[] args) throws Exception {
        if (args.length != 1) {
            System.err.println("usage: ClassTraining WORK-DIR (emptied and used for three data directories)");
            System.exit(2);
        }
        Path root = Files.createDirectories(Path.of(args[0]));
        long begin = System.nanoTime();
        ClassTraining training = new ClassTraining(root);
        try {
            training.run();
        } finally {
            training.stopAll();
        }
        System.out.printf("class training done in %.1f s%n", (System.nanoTime() - begin) / 1e9);
        System.exit(0);
    }

    private void run() throws InterruptedException {
        for (long id : clientPorts.keySet()) start(id);
        try (ClusterClient client = new ClusterClient(clientAddresses(), 20_000)) {
            long leader = awaitLeader(client);
            writeAndRead(client, "a", 300);
            followerRedirects(client, leader);
            admin(client, leader);

            stop(leader);
            long next = awaitLeader(client);
            writeAndRead(client, "b", 100);
            start(leader);

            long lagging = follower(client, next);
            stop(lagging);
            writeAndRead(client, "c", 3 * SNAPSHOT_THRESHOLD);
            start(lagging);
            awaitApplied(client, lagging, status(client, awaitLeader(client)).getAppliedIndex());
        }
    }

    private void writeAndRead(ClusterClient client, String prefix, int count) {
        for (int i = 0; i < count; i++) {
            String key = prefix + (i % 50);
            String value = "value-" + i;
            retried(() -> client.put(key, value, GIVE_UP_MS));
        }
        for (int i = 0; i < 50; i++) {
            String key = prefix + i;
            retried(() -> client.get(key, GIVE_UP_MS));
        }
        retried(() -> client.cas(CasRequest.newBuilder().setKey(prefix + 0).setExpected("no such value")
                .setNewValue("x").build(), GIVE_UP_MS));
        retried(() -> client.cas(CasRequest.newBuilder().setKey(prefix + "-new").setExpectedAbsent(true)
                .setNewValue("x").build(), GIVE_UP_MS));
        retried(() -> client.withLeader(stub -> stub.delete(DeleteRequest.newBuilder().setKey(prefix + 1).build()),
                GIVE_UP_MS));
    }

    /**
     * Runs a client call again when its outcome was unknown (a leader that stepped down on a
     * busy build machine): the training needs the code paths run, not exactly-once writes.
     */
    private static void retried(Runnable call) {
        for (int attempt = 1; ; attempt++) {
            try {
                call.run();
                return;
            } catch (StatusRuntimeException e) {
                if (attempt == 5) throw e;
            }
        }
    }

    /** A follower refuses with a leader hint (the NOT_LEADER path every redirect takes). */
    private void followerRedirects(ClusterClient client, long leader) {
        try {
            client.kv(follower(client, leader)).get(io.faultline.kv.api.GetRequest.newBuilder().setKey("a0").build());
            throw new IllegalStateException("a follower served a linearizable get");
        } catch (StatusRuntimeException expected) {
            if (io.faultline.kv.api.NotLeader.from(expected).isEmpty()) throw expected;
        }
    }

    private void admin(ClusterClient client, long leader) throws InterruptedException {
        for (long id : running.keySet()) status(client, id);
        client.admin(leader).armCrashPoint(CrashPointRequest.newBuilder().setPoint("after-vote-grant").build());
        client.admin(leader).armCrashPoint(CrashPointRequest.newBuilder().setPoint("none").build());
        client.admin(leader).snapshot(SnapshotRequest.getDefaultInstance());
        long to = follower(client, leader);
        client.admin(leader).transferLeader(TransferLeaderRequest.newBuilder().setTo(to).build());
        awaitLeader(client);
    }

    private long follower(ClusterClient client, long leader) {
        return running.keySet().stream().filter(id -> id != leader).findFirst()
                .orElseThrow(() -> new IllegalStateException("no follower running"));
    }

    private StatusResponse status(ClusterClient client, long id) {
        return client.status(id).orElseThrow(() -> new IllegalStateException("n" + id + " does not answer Status"));
    }

    private long awaitLeader(ClusterClient client) throws InterruptedException {
        long deadline = System.nanoTime() + GIVE_UP_MS * 1_000_000;
        while (System.nanoTime() < deadline) {
            for (long id : running.keySet()) {
                Optional<StatusResponse> s = client.status(id);
                if (s.isPresent() && s.get().getRole().equals("leader")) return id;
            }
            Thread.sleep(50);
        }
        throw new IllegalStateException("no leader within " + GIVE_UP_MS + " ms");
    }

    private void awaitApplied(ClusterClient client, long id, long index) throws InterruptedException {
        long deadline = System.nanoTime() + GIVE_UP_MS * 1_000_000;
        while (System.nanoTime() < deadline) {
            if (client.status(id).map(s -> s.getAppliedIndex() >= index).orElse(false)) return;
            Thread.sleep(50);
        }
        throw new IllegalStateException("n" + id + " did not catch up to index " + index);
    }

    /** Starts a node as the image's entry point would, from its command line. */
    private void start(long id) {
        List<String> args = new ArrayList<>(List.of("--id", Long.toString(id), "--peers", join(peerPorts),
                "--client-addresses", join(clientPorts), "--bind-host", "127.0.0.1",
                "--client-port", clientPorts.get(id).toString(), "--peer-port", peerPorts.get(id).toString(),
                "--data-dir", root.resolve("n" + id).toString(),
                "--snapshot-threshold", Integer.toString(SNAPSHOT_THRESHOLD)));
        NodeCommand command = new NodeCommand();
        new CommandLine(command).parseArgs(args.toArray(String[]::new));
        NodeConfig config = command.config();
        running.put(id, KvNode.start(config));
    }

    private void stop(long id) {
        KvNode node = running.remove(id);
        if (node != null) node.close();
    }

    private void stopAll() {
        for (long id : running.keySet().toArray(Long[]::new)) stop(id);
    }

    private SortedMap<Long, String> clientAddresses() {
        SortedMap<Long, String> out = new TreeMap<>();
        clientPorts.forEach((id, port) -> out.put(id, "127.0.0.1:" + port));
        return out;
    }

    private static String join(SortedMap<Long, Integer> ports) {
        StringBuilder b = new StringBuilder();
        ports.forEach((id, port) -> b.append(b.length() == 0 ? "" : ",").append(id).append("=127.0.0.1:").append(port));
        return b.toString();
    }
}
