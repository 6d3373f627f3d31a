package io.faultline.kv;

import io.faultline.kv.api.StatusResponse;
import io.faultline.kv.client.ClusterClient;
import io.faultline.kv.config.AddressMap;
import io.faultline.kv.config.NodeConfig;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;

/** KV nodes in this JVM on loopback ports, each with its own data directory under {@code root}. */
final class LocalCluster implements AutoCloseable {
    static final int TICK_MS = 20;
    /** 500..1000 ms election timeouts: short tests, but no step-downs when the 2 shared cores are busy. */
    static final int ELECTION_TICKS = 25;

    private final Path root;
    private final long snapshotThreshold;
    private final SortedMap<Long, Integer> clientPorts = new TreeMap<>();
    private final SortedMap<Long, Integer> peerPorts = new TreeMap<>();
    private final SortedMap<Long, KvNode> running = new TreeMap<>();
    private final SortedMap<Long, Boolean> joiners = new TreeMap<>();
    private SortedMap<Long, String> initialPeers = new TreeMap<>();
    private final ClusterClientHolder clients = new ClusterClientHolder();

    LocalCluster(Path root, int size, long snapshotThreshold) {
        this.root = root;
        this.snapshotThreshold = snapshotThreshold;
        for (long id = 1; id <= size; id++) allocate(id);
        initialPeers = peerAddresses();
    }

    private void allocate(long id) {
        clientPorts.put(id, LoopbackPorts.next());
        peerPorts.put(id, LoopbackPorts.next());
    }


    private SortedMap<Long, String> peerAddresses() {
        SortedMap<Long, String> peers = new TreeMap<>();
        peerPorts.forEach((id, port) -> peers.put(id, "127.0.0.1:" + port));
        return peers;
    }

    SortedMap<Long, String> clientAddresses() {
        SortedMap<Long, String> addresses = new TreeMap<>();
        clientPorts.forEach((id, port) -> addresses.put(id, "127.0.0.1:" + port));
        return addresses;
    }

    NodeConfig config(long id) {
        boolean join = joiners.getOrDefault(id, false);
        SortedMap<Long, String> peers = new TreeMap<>(initialPeers);
        if (join) peers.put(id, "127.0.0.1:" + peerPorts.get(id));
        SortedMap<Long, String> clients = new TreeMap<>(clientAddresses());
        clients.keySet().retainAll(peers.keySet());
        return new NodeConfig(id, peers, clients, "127.0.0.1", clientPorts.get(id), peerPorts.get(id),
                root.resolve("n" + id), TICK_MS, ELECTION_TICKS, 2, snapshotThreshold, 64, 1024, 3000, join, io.faultline.kv.config.UnsafeFlags.NONE);
    }

    void startAll() {
        for (long id : clientPorts.keySet()) start(id);
    }

    void stopAll() {
        for (long id : running.keySet().toArray(new Long[0])) stop(id);
    }

    void start(long id) {
        running.put(id, KvNode.start(config(id)));
    }

    void stop(long id) {
        KvNode node = running.remove(id);
        if (node != null) node.close();
    }

    /** Adds a node id with fresh ports that will start with --join. */
    long addJoiner() {
        long id = clientPorts.lastKey() + 1;
        allocate(id);
        joiners.put(id, true);
        clients.reset();
        return id;
    }

    String peerAddress(long id) {
        return "127.0.0.1:" + peerPorts.get(id);
    }

    String clientAddress(long id) {
        return "127.0.0.1:" + clientPorts.get(id);
    }

    KvNode node(long id) {
        KvNode node = running.get(id);
        if (node == null) throw new IllegalStateException("n" + id + " is not running");
        return node;
    }

    boolean isRunning(long id) {
        return running.containsKey(id);
    }

    ClusterClient client() {
        return clients.get(clientAddresses());
    }

    /** Waits for one running node to report itself leader, and every other running node to agree. */
    long awaitLeader(long timeoutMs) throws InterruptedException {
        long deadline = System.currentTimeMillis() + timeoutMs;
        while (System.currentTimeMillis() < deadline) {
            Optional<Long> leader = agreedLeader();
            if (leader.isPresent()) return leader.get();
            Thread.sleep(20);
        }
        throw new AssertionError("no agreed leader within " + timeoutMs + " ms: " + statuses());
    }

    private Optional<Long> agreedLeader() {
        Map<Long, StatusResponse> statuses = statuses();
        Long leader = null;
        for (StatusResponse s : statuses.values()) {
            if (s.getRole().equals("leader")) leader = s.getId();
        }
        if (leader == null || statuses.size() < running.size()) return Optional.empty();
        for (StatusResponse s : statuses.values()) {
            if (s.getLeaderId() != leader) return Optional.empty();
        }
        return Optional.of(leader);
    }

    Map<Long, StatusResponse> statuses() {
        Map<Long, StatusResponse> result = new TreeMap<>();
        for (long id : running.keySet()) client().status(id).ifPresent(s -> result.put(id, s));
        return result;
    }

    SortedMap<Long, String> initialPeers() {
        return initialPeers;
    }

    String describe() {
        return AddressMap.format(peerAddresses());
    }

    @Override
    public void close() {
        clients.reset();
        for (long id : running.keySet().toArray(new Long[0])) stop(id);
    }

    /** One client at a time, rebuilt when the membership grows. */
    private static final class ClusterClientHolder {
        private ClusterClient client;

        synchronized ClusterClient get(Map<Long, String> addresses) {
            if (client == null) client = new ClusterClient(addresses, 3000);
            return client;
        }

        synchronized void reset() {
            if (client != null) client.close();
            client = null;
        }
    }
}
