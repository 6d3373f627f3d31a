package io.faultline.kv.config;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * A validated node configuration.
 *
 * @param peers           peer addresses of the initial voters (with this node), or with
 *                        {@code join}, of the cluster to join plus this node
 * @param clientAddresses client addresses for leader hints; may be partial
 * @param join            start as a non-voter waiting to be added with AddMember
 * @param unsafe          bugs switched on deliberately (see {@link UnsafeFlags}); {@link UnsafeFlags#NONE} normally
 */
public record NodeConfig(
        long id,
        SortedMap<Long, String> peers,
        SortedMap<Long, String> clientAddresses,
        String bindHost,
        int clientPort,
        int peerPort,
        Path dataDir,
        int tickMs,
        int electionTicks,
        int heartbeatTicks,
        long snapshotThreshold,
        int maxKeyBytes,
        int maxValueBytes,
        int requestTimeoutMs,
        boolean join,
        UnsafeFlags unsafe) {

    /** A safe node: no unsafe flag. */
    public NodeConfig(long id, SortedMap<Long, String> peers, SortedMap<Long, String> clientAddresses, String bindHost,
            int clientPort, int peerPort, Path dataDir, int tickMs, int electionTicks, int heartbeatTicks,
            long snapshotThreshold, int maxKeyBytes, int maxValueBytes, int requestTimeoutMs, boolean join) {
        this(id, peers, clientAddresses, bindHost, clientPort, peerPort, dataDir, tickMs, electionTicks, heartbeatTicks,
                snapshotThreshold, maxKeyBytes, maxValueBytes, requestTimeoutMs, join, UnsafeFlags.NONE);
    }

    public NodeConfig {
        java.util.Objects.requireNonNull(unsafe, "unsafe");
        peers = new TreeMap<>(peers);
        clientAddresses = new TreeMap<>(clientAddresses);
        validate(id, peers, clientAddresses, clientPort, peerPort, tickMs, electionTicks, heartbeatTicks,
                snapshotThreshold, maxKeyBytes, maxValueBytes, requestTimeoutMs, join);
    }

    private static void validate(long id, SortedMap<Long, String> peers, SortedMap<Long, String> clientAddresses,
            int clientPort, int peerPort, int tickMs, int electionTicks, int heartbeatTicks,
            long snapshotThreshold, int maxKeyBytes, int maxValueBytes, int requestTimeoutMs, boolean join) {
        if (id < 1) throw new ConfigException("--id is required and must be >= 1 (or set FAULTLINE_ID)");
        if (peers.isEmpty()) throw new ConfigException("--peers is required, e.g. 1=n1:7001,2=n2:7001,3=n3:7001");
        if (!peers.containsKey(id)) {
            throw new ConfigException("--peers must list this node's own id " + id + " (got " + AddressMap.format(peers) + ")");
        }
        if (join && peers.size() < 2) throw new ConfigException("--join needs at least one other peer in --peers");
        for (Long other : clientAddresses.keySet()) {
            if (!peers.containsKey(other)) {
                throw new ConfigException("--client-addresses lists node " + other + " which is not in --peers");
            }
        }
        checkPort("--client-port", clientPort);
        checkPort("--peer-port", peerPort);
        if (clientPort == peerPort) throw new ConfigException("--client-port and --peer-port must differ (both " + clientPort + ")");
        if (tickMs < 1 || tickMs > 10_000) throw new ConfigException("--tick-ms must be in 1..10000, got " + tickMs);
        if (heartbeatTicks < 1) throw new ConfigException("--heartbeat-ticks must be >= 1, got " + heartbeatTicks);
        if (electionTicks <= heartbeatTicks) {
            throw new ConfigException("--election-ticks (" + electionTicks + ") must be greater than --heartbeat-ticks ("
                    + heartbeatTicks + ")");
        }
        if (snapshotThreshold < 1) throw new ConfigException("--snapshot-threshold must be >= 1, got " + snapshotThreshold);
        if (maxKeyBytes < 1) throw new ConfigException("--max-key-bytes must be >= 1, got " + maxKeyBytes);
        if (maxValueBytes < 0) throw new ConfigException("--max-value-bytes must be >= 0, got " + maxValueBytes);
        if (requestTimeoutMs < 1) throw new ConfigException("--request-timeout-ms must be >= 1, got " + requestTimeoutMs);
    }

    private static void checkPort(String flag, int port) {
        if (port < 1 || port > 65535) throw new ConfigException(flag + " must be in 1..65535, got " + port);
    }

    public NodeConfig withUnsafe(UnsafeFlags flags) {
        return new NodeConfig(id, peers, clientAddresses, bindHost, clientPort, peerPort, dataDir, tickMs, electionTicks,
                heartbeatTicks, snapshotThreshold, maxKeyBytes, maxValueBytes, requestTimeoutMs, join, flags);
    }

    /** The voters the cluster was created with: the peer list, less this node when joining. */
    public SortedMap<Long, String> initialVoters() {
        SortedMap<Long, String> voters = new TreeMap<>(peers);
        if (join) voters.remove(id);
        return voters;
    }

    /**
     * Identifies the cluster by its initial voters, so a data directory of another
     * cluster is recognised. A joining node computes the same id as the members.
     */
    public long clusterId() {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256")
                    .digest(AddressMap.format(initialVoters()).getBytes(StandardCharsets.UTF_8));
            long value = 0;
            for (int i = 0; i < 8; i++) value = (value << 8) | (digest[i] & 0xff);
            return value;
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }

    public String clientAddressOf(long nodeId) {
        return clientAddresses.get(nodeId);
    }
}
