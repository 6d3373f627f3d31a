package io.faultline.harness.cluster;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * What cluster to start.
 *
 * @param nodes          number of nodes (3, 5 or 7 are the supported sizes)
 * @param image          the node image
 * @param nodeFlags      extra flags passed verbatim to every node (e.g. to enable node bugs)
 * @param tickMs         Raft tick
 * @param electionTicks  election timeout in ticks
 * @param heartbeatTicks heartbeat interval in ticks
 * @param startTimeout   how long to wait for the first leader
 */
public record ClusterSpec(
        int nodes,
        String image,
        String nodeFlags,
        int tickMs,
        int electionTicks,
        int heartbeatTicks,
        Duration startTimeout) {

    public static final String DEFAULT_IMAGE = "faultline-node:dev";
    public static final int CLIENT_PORT = 7000;
    public static final int PEER_PORT = 7001;

    public ClusterSpec {
        if (nodes < 1 || nodes > 9) {
            throw new IllegalArgumentException("nodes must be between 1 and 9, got " + nodes);
        }
        nodeFlags = nodeFlags == null ? "" : nodeFlags.trim();
    }

    public static ClusterSpec of(int nodes) {
        return new ClusterSpec(nodes, DEFAULT_IMAGE, "", 50, 10, 2, Duration.ofSeconds(60));
    }

    public ClusterSpec withImage(String image) {
        return new ClusterSpec(nodes, image, nodeFlags, tickMs, electionTicks, heartbeatTicks, startTimeout);
    }

    public ClusterSpec withNodeFlags(String flags) {
        return new ClusterSpec(nodes, image, flags, tickMs, electionTicks, heartbeatTicks, startTimeout);
    }

    public static String hostName(int id) {
        return "n" + id;
    }

    public List<Integer> ids() {
        List<Integer> ids = new ArrayList<>();
        for (int i = 1; i <= nodes; i++) ids.add(i);
        return ids;
    }

    /** Command-line arguments of node {@code id}; peers are reached by their network alias. */
    public List<String> nodeArgs(int id) {
        StringBuilder peers = new StringBuilder();
        StringBuilder clients = new StringBuilder();
        for (int i : ids()) {
            if (peers.length() > 0) {
                peers.append(',');
                clients.append(',');
            }
            peers.append(i).append('=').append(hostName(i)).append(':').append(PEER_PORT);
            clients.append(i).append('=').append(hostName(i)).append(':').append(CLIENT_PORT);
        }
        List<String> args = new ArrayList<>(List.of(
                "--id", Integer.toString(id),
                "--peers", peers.toString(),
                "--client-addresses", clients.toString(),
                "--client-port", Integer.toString(CLIENT_PORT),
                "--peer-port", Integer.toString(PEER_PORT),
                "--data-dir", "/data",
                "--tick-ms", Integer.toString(tickMs),
                "--election-ticks", Integer.toString(electionTicks),
                "--heartbeat-ticks", Integer.toString(heartbeatTicks)));
        if (!nodeFlags.isEmpty()) args.addAll(Arrays.asList(nodeFlags.split("\\s+")));
        return args;
    }
}
