package io.faultline.harness.nemesis;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.SplittableRandom;

/** The fault kinds a user can ask for with {@code --nemesis}. */
public enum FaultOption {
    KILL("kill", "SIGKILL a node (random or leader), restart it later with its data"),
    KILL_ALL("kill-all", "SIGKILL every node at once, the leader first (a power loss), restart them later"),
    PAUSE("pause", "SIGSTOP a node (random or leader), SIGCONT later"),
    PARTITION("partition", "a partition of a random shape (any of the partition-* below)"),
    PARTITION_HALVES("partition-halves", "cut the cluster into two halves"),
    PARTITION_ONE("partition-one", "isolate one random node"),
    PARTITION_LEADER("partition-leader", "isolate the current leader"),
    PARTITION_RING("partition-ring", "majorities ring: every node sees a different majority"),
    PARTITION_BRIDGE("partition-bridge", "two halves joined by one bridge node"),
    LOSS("loss", "drop 10-40% of the packets between peers (iptables statistic)"),
    VOTE_CRASH("vote-crash", "scripted: a follower crashes right after granting a vote (node crash point), the rest"
            + " elect without the candidate, which then gets leadership back (exposes votes that are not durable)"),
    CRASH_POINTS("crash-points", "arm a random crash point (after-vote-grant on a follower while the leader is killed"
            + " or cut off, or after-commit, mostly on the leader) on a node; it halts there and restarts when the"
            + " fault ends"),
    FIGURE_8("figure-8", "scripted: the Raft paper's figure-8 schedule on 3 nodes with node crash points (exposes"
            + " a leader that commits an earlier term's entry by counting replicas)");

    private final String cliName;
    private final String help;

    FaultOption(String cliName, String help) {
        this.cliName = cliName;
        this.help = help;
    }

    public String cliName() {
        return cliName;
    }

    public String help() {
        return help;
    }

    /** A fault that plays a schedule with the system's crash points rather than a blunt fault from outside. */
    public boolean scripted() {
        return this == VOTE_CRASH || this == FIGURE_8;
    }

    /** A fault that arms the system's crash points: the system must have them. */
    public boolean needsCrashPoints() {
        return scripted() || this == CRASH_POINTS;
    }

    /** Parses a comma list; {@code all} means kill, pause, partition and loss; {@code none} nothing. */
    public static List<FaultOption> parseList(String text) {
        Set<FaultOption> out = new LinkedHashSet<>();
        for (String raw : text.split(",")) {
            String name = raw.trim().toLowerCase(Locale.ROOT);
            if (name.isEmpty() || name.equals("none")) continue;
            if (name.equals("all")) {
                Collections.addAll(out, KILL, PAUSE, PARTITION, LOSS);
                continue;
            }
            FaultOption found = null;
            for (FaultOption o : values()) {
                if (o.cliName.equals(name)) found = o;
            }
            if (found == null) {
                List<String> known = new ArrayList<>(List.of("none", "all"));
                for (FaultOption o : values()) known.add(o.cliName);
                throw new IllegalArgumentException("unknown nemesis '" + raw.trim() + "' (known: "
                        + String.join(", ", known) + ")");
            }
            out.add(found);
        }
        return List.copyOf(out);
    }

    /** A concrete fault of this kind, its targets drawn from {@code rnd}. */
    public Fault draw(SplittableRandom rnd, List<Integer> nodes) {
        List<Integer> order = shuffled(rnd, nodes);
        return switch (this) {
            case KILL -> new Fault.Kill(target(rnd, nodes));
            case KILL_ALL -> new Fault.KillAll(order);
            case PAUSE -> new Fault.Pause(target(rnd, nodes));
            case PARTITION -> new Fault.Partition(
                    PartitionShape.values()[rnd.nextInt(PartitionShape.values().length)], order);
            case PARTITION_HALVES -> new Fault.Partition(PartitionShape.HALVES, order);
            case PARTITION_ONE -> new Fault.Partition(PartitionShape.ISOLATE_ONE, order);
            case PARTITION_LEADER -> new Fault.Partition(PartitionShape.ISOLATE_LEADER, order);
            case PARTITION_RING -> new Fault.Partition(PartitionShape.MAJORITIES_RING, order);
            case PARTITION_BRIDGE -> new Fault.Partition(PartitionShape.BRIDGE, order);
            case LOSS -> new Fault.Loss((10 + 10 * rnd.nextInt(4)) / 100.0);
            case VOTE_CRASH -> new Fault.VoteCrash();
            case FIGURE_8 -> new Fault.Figure8();
            case CRASH_POINTS -> CrashPointFault.draw(rnd);
        };
    }

    private static Fault.Target target(SplittableRandom rnd, List<Integer> nodes) {
        // A third of the time the leader: that is where most of the trouble is.
        if (rnd.nextInt(3) == 0) return Fault.Target.LEADER;
        return new Fault.Target(nodes.get(rnd.nextInt(nodes.size())));
    }

    static List<FaultOption> shuffledOptions(SplittableRandom rnd, List<FaultOption> options) {
        List<FaultOption> l = new ArrayList<>(options);
        for (int i = l.size() - 1; i > 0; i--) Collections.swap(l, i, rnd.nextInt(i + 1));
        return l;
    }

    static List<Integer> shuffled(SplittableRandom rnd, List<Integer> nodes) {
        List<Integer> l = new ArrayList<>(nodes);
        for (int i = l.size() - 1; i > 0; i--) Collections.swap(l, i, rnd.nextInt(i + 1));
        return l;
    }
}
