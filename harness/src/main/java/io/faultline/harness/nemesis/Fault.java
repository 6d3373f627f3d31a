package io.faultline.harness.nemesis;

import java.util.List;
import java.util.function.Consumer;

/** One fault as planned from the seed. Targets that depend on the run (the leader) are resolved when it starts. */
public sealed interface Fault {
    /** The name used in the history ({@code start-<kind>}/{@code stop-<kind>}) and the report. */
    String kind();

    String describe();

    /** SIGKILL of a node process; restarted with its data when the fault ends. */
    record Kill(Target target) implements Fault {
        public String kind() {
            return "kill";
        }

        public String describe() {
            return "kill " + target;
        }
    }

    /**
     * SIGKILL of every node, the leader first, then the seeded {@code order}: a power loss
     * of the whole cluster (what exposes writes acknowledged before they were durable).
     * Restarted when the fault ends.
     */
    record KillAll(List<Integer> order) implements Fault {
        public KillAll {
            order = List.copyOf(order);
        }

        public String kind() {
            return "kill";
        }

        public String describe() {
            return "kill all " + order.size() + " nodes (the leader first)";
        }
    }

    /** SIGSTOP of a node process; SIGCONT when the fault ends. */
    record Pause(Target target) implements Fault {
        public String kind() {
            return "pause";
        }

        public String describe() {
            return "pause " + target;
        }
    }

    /**
     * A partition of the given shape over {@code order}, a seeded permutation of the
     * nodes (for isolate-leader the leader is moved to the front when it starts).
     */
    record Partition(PartitionShape shape, List<Integer> order) implements Fault {
        public Partition {
            order = List.copyOf(order);
        }

        public String kind() {
            return "partition";
        }

        public String describe() {
            if (shape == PartitionShape.ISOLATE_LEADER) return "partition leader (whichever node leads then)";
            return "partition " + shape.shortName() + " " + shape.build(order).describe();
        }
    }

    /** A fault that plays a fixed schedule against the cluster's state as it goes; takes seconds. */
    sealed interface Scripted extends Fault permits VoteCrash, Figure8 {
        /** Plays the schedule, starting from {@code leader}; every wait in it is bounded. */
        ScriptOutcome play(FaultTarget target, Consumer<String> log, int leader) throws InterruptedException;
    }

    /**
     * The scripted {@link io.faultline.harness.nemesis.VoteCrash}: a follower crashes at
     * the instant it has granted its vote, and the rest of the cluster then elects
     * without the candidate.
     */
    record VoteCrash() implements Scripted {
        public String kind() {
            return "vote-crash";
        }

        public String describe() {
            return "vote-crash (a follower crashes right after granting its vote)";
        }

        public ScriptOutcome play(FaultTarget target, Consumer<String> log, int leader) throws InterruptedException {
            return new io.faultline.harness.nemesis.VoteCrash(target, log).run(leader);
        }
    }

    /** The scripted {@link io.faultline.harness.nemesis.Figure8}: the Raft paper's figure-8 schedule. */
    record Figure8() implements Scripted {
        public String kind() {
            return "figure-8";
        }

        public String describe() {
            return "figure-8 (an old leader re-elected over a newer one halts at its first commit)";
        }

        public ScriptOutcome play(FaultTarget target, Consumer<String> log, int leader) throws InterruptedException {
            return new io.faultline.harness.nemesis.Figure8(target, log).run(leader);
        }
    }

    /**
     * A crash point armed at random ({@link CrashPointFault}): {@code point} on a node drawn when
     * the fault starts (the leader with {@code leaderWeight}, else a random other one), and, so
     * that an election comes for a vote-grant point to fire in, the leader killed or cut off
     * ({@code provoke}). Whatever halted is restarted when the fault ends.
     *
     * @param pick a seeded draw (0..99) that picks the node among those eligible when it starts
     */
    record CrashAt(String point, Provoke provoke, int pick) implements Fault {
        /** What the fault does besides arming, to make an election happen. */
        public enum Provoke { NOTHING, KILL_LEADER, ISOLATE_LEADER }

        public String kind() {
            return "crash-point";
        }

        public String describe() {
            return "crash point " + point + switch (provoke) {
                case NOTHING -> "";
                case KILL_LEADER -> ", leader killed";
                case ISOLATE_LEADER -> ", leader cut off";
            };
        }
    }

    /** Every node drops each packet from its peers with this probability. */
    record Loss(double probability) implements Fault {
        public String kind() {
            return "loss";
        }

        public String describe() {
            return String.format(java.util.Locale.ROOT, "loss %.0f%%", probability * 100);
        }
    }

    /** A fixed node, or whichever node leads when the fault starts. */
    record Target(int node) {
        public static final Target LEADER = new Target(0);

        public boolean isLeader() {
            return node == 0;
        }

        @Override
        public String toString() {
            return isLeader() ? "leader" : "n" + node;
        }
    }
}
