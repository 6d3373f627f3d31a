package io.faultline.sim;

import io.faultline.node.NodeCommand;
import io.faultline.kv.config.NodeConfig;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine;

/**
 * A cluster of simulated nodes on one {@link SimScheduler}: the real node code, a
 * simulated network and disks. Node flags are parsed and validated by the node's own
 * command line, so {@code --node-flags} mean what they mean to a real node.
 */
public final class SimCluster {
    /** Virtual time zero, as a wall-clock instant in node logs (2026-01-01T00:00:00Z): fixed, so logs replay. */
    public static final long EPOCH_MILLIS = 1_767_225_600_000L;

    private final SimScheduler scheduler;
    private final SimNetwork network;
    private final Map<Long, SimNode> nodes = new LinkedHashMap<>();
    private final Map<Long, ByteArrayOutputStream> logs = new LinkedHashMap<>();

    public SimCluster(long seed, int size, List<String> nodeFlags, SimNetwork.Profile profile) {
        this.scheduler = new SimScheduler(seed);
        this.network = new SimNetwork(scheduler, profile);
        StringBuilder peers = new StringBuilder();
        StringBuilder clients = new StringBuilder();
        for (int i = 1; i <= size; i++) {
            if (i > 1) {
                peers.append(',');
                clients.append(',');
            }
            peers.append(i).append("=n").append(i).append(":7001");
            clients.append(i).append("=n").append(i).append(":7000");
        }
        for (long id = 1; id <= size; id++) {
            NodeConfig config = config(id, peers.toString(), clients.toString(), nodeFlags);
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            logs.put(id, out);
            SimNode node = new SimNode(config, scheduler, network, new PrintStream(out, true, StandardCharsets.UTF_8));
            nodes.put(id, node);
            network.attach(id, node);
        }
        nodes.values().forEach(SimNode::start);
    }

    /** A node's configuration from the node's own flag parser (defaults as for a real node). */
    public static NodeConfig config(long id, String peers, String clients, List<String> flags) {
        NodeCommand command = new NodeCommand();
        List<String> args = new ArrayList<>(List.of("--id", Long.toString(id), "--peers", peers,
                "--client-addresses", clients, "--data-dir", "sim/n" + id));
        args.addAll(flags);
        new CommandLine(command).parseArgs(args.toArray(String[]::new));
        return command.config();
    }

    public SimScheduler scheduler() {
        return scheduler;
    }

    public SimNetwork network() {
        return network;
    }

    public SimNode node(long id) {
        return nodes.get(id);
    }

    public List<SimNode> nodes() {
        return Collections.unmodifiableList(new ArrayList<>(nodes.values()));
    }

    public List<Long> ids() {
        return List.copyOf(nodes.keySet());
    }

    /** The node that believes it leads in the highest term, or 0. */
    public long leader() {
        long best = 0;
        long bestTerm = -1;
        for (SimNode n : nodes.values()) {
            var s = n.status();
            if (s != null && s.getRole().equals("leader") && s.getTerm() > bestTerm) {
                best = n.id();
                bestTerm = s.getTerm();
            }
        }
        return best;
    }

    /** Everything each node logged, in virtual time. */
    public Map<Long, String> logs() {
        Map<Long, String> result = new LinkedHashMap<>();
        logs.forEach((id, out) -> result.put(id, out.toString(StandardCharsets.UTF_8)));
        return result;
    }
}
