package io.faultline.sim;

import io.faultline.node.NodeCommand;
import io.faultline.kv.config.MemberNumbers;
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

    private final List<String> nodeFlags;
    private final String initialPeers;
    private final String initialClients;

    public SimCluster(long seed, int size, List<String> nodeFlags, SimNetwork.Profile profile) {
        if (size > MemberNumbers.MAX_PLACES) throw new IllegalArgumentException("at most " + MemberNumbers.MAX_PLACES + " nodes");
        this.scheduler = new SimScheduler(seed);
        this.network = new SimNetwork(scheduler, profile);
        this.nodeFlags = List.copyOf(nodeFlags);
        StringBuilder peers = new StringBuilder();
        StringBuilder clients = new StringBuilder();
        for (int i = 1; i <= size; i++) {
            if (i > 1) {
                peers.append(',');
                clients.append(',');
            }
            peers.append(i).append('=').append(peerAddress(i));
            clients.append(i).append('=').append(clientAddress(i));
        }
        this.initialPeers = peers.toString();
        this.initialClients = clients.toString();
        for (long id = 1; id <= size; id++) {
            NodeConfig config = config(id, initialPeers, initialClients, nodeFlags);
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            logs.put(id, out);
            SimNode node = new SimNode(config, scheduler, network, new PrintStream(out, true, StandardCharsets.UTF_8));
            nodes.put(id, node);
            network.attach(id, node);
        }
        nodes.values().forEach(SimNode::start);
    }

    private static String peerAddress(int place) {
        return "n" + place + ":7001";
    }

    private static String clientAddress(int place) {
        return "n" + place + ":7000";
    }

    /**
     * Puts a fresh node (an empty disk, a new member number: {@link MemberNumbers}) in the
     * place of {@code place}'s node, which is crashed first; it is configured with
     * {@code --join} and not started ({@link SimNode#start}), so that it can be added
     * ({@link #addMemberAt}) before or after it runs. Its log goes on in the place's log.
     */
    public SimNode replaceNode(int place) {
        SimNode old = nodes.get((long) place);
        old.kill("wiped: replaced by a fresh node");
        long member = MemberNumbers.of(place, MemberNumbers.generation(old.id()) + 1);
        List<String> flags = new ArrayList<>(nodeFlags);
        flags.add("--join");
        NodeConfig config = config(member, initialPeers + "," + member + "=" + peerAddress(place),
                initialClients + "," + member + "=" + clientAddress(place), flags);
        SimNode fresh = new SimNode(config, scheduler, network,
                new PrintStream(logs.get((long) place), true, StandardCharsets.UTF_8));
        nodes.put((long) place, fresh);
        network.attach(member, fresh);
        return fresh;
    }

    /** Asks {@code leader} (a place) to add the node now in {@code place}, at that place's addresses. */
    public java.util.concurrent.CompletableFuture<List<Long>> addMemberAt(int leader, int place) {
        return node(leader).addMember(node(place).id(), peerAddress(place), clientAddress(place));
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

    /** The node in {@code place} now (its member number changes when it is replaced). */
    public SimNode node(long place) {
        return nodes.get(place);
    }

    public List<SimNode> nodes() {
        return Collections.unmodifiableList(new ArrayList<>(nodes.values()));
    }

    /** The places, 1..size (a node's own id differs once it was replaced). */
    public List<Long> ids() {
        return List.copyOf(nodes.keySet());
    }

    /** The place of the node that believes it leads in the highest term, or 0. */
    public long leader() {
        long best = 0;
        long bestTerm = -1;
        for (SimNode n : nodes.values()) {
            var s = n.status();
            if (s != null && s.getRole().equals("leader") && s.getTerm() > bestTerm) {
                best = MemberNumbers.place(n.id());
                bestTerm = s.getTerm();
            }
        }
        return best;
    }

    /** Everything each place's nodes logged, in virtual time. */
    public Map<Long, String> logs() {
        Map<Long, String> result = new LinkedHashMap<>();
        logs.forEach((id, out) -> result.put(id, out.toString(StandardCharsets.UTF_8)));
        return result;
    }
}
