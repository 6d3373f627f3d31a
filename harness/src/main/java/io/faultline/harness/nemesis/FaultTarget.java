package io.faultline.harness.nemesis;

import io.faultline.harness.system.NodeStatus;
import java.util.List;
import java.util.Optional;

/** What the nemesis acts on: the cluster's processes and network. */
public interface FaultTarget {
    List<Integer> nodes();

    Optional<Integer> leader();

    void kill(int node);

    void restart(int node);

    void pause(int node);

    void resume(int node);

    /** Makes the network look like {@code graph}: every missing edge is cut both ways. */
    void partition(Connectivity graph);

    void loss(double probability);

    /**
     * Holds every byte (message, in simulation) between peers {@code delayMillis} plus up to
     * {@code jitterMillis} (drawn from {@code seed}) each way, order kept, until {@link #healNetwork()}.
     */
    void delayLinks(int delayMillis, int jitterMillis, long seed);

    /**
     * Delivers peer messages a second time with {@code probability} (0: never again), drawn
     * from {@code seed}, until set again or {@link #healNetwork()}: on the Faultline node each
     * received frame's messages (its transport; Capability.LINK_DUPLICATION), in simulation each
     * message. Returns what the setting it replaces did (how many were duplicated), for the
     * nemesis log.
     */
    String duplicateLinks(double probability, long seed);

    /** Removes every partition, loss rule, link delay and duplication. */
    void healNetwork();

    /**
     * Runs the node's clock and ticker {@code rate} times as fast as true time (1 restores it;
     * Capability.CLOCK_RATE). Under Docker the rate is the process's: one restarted meanwhile runs at 1.
     */
    void clockRate(int node, double rate);

    // What the scripted faults (such as VoteCrash) need besides the blunt ones above.

    /** What every node says of itself now; a node that does not answer is listed without a status. */
    List<NodeStatus> statuses();

    /** Whether the node process is alive. */
    boolean running(int node);

    /**
     * Arms a crash point of the node ({@code "none"} disarms); see the node's
     * Admin.ArmCrashPoint. {@code commitIndex}: for after-commit, the index the commit
     * must reach (0: any commit).
     */
    void armCrashPoint(int node, String point, long commitIndex);

    /** The time faults wait on here. */
    default RunClock clock() {
        return RunClock.WALL;
    }

    /** Asks {@code leader} to hand its leadership to {@code to}; returns when {@code to} leads, else throws. */
    void transferLeader(int leader, int to);

    // Membership changes (Capability.MEMBERSHIP): members named by node number, their place.

    /** Removes {@code node}'s member from the configuration through the system's API; returns the members after. */
    List<Integer> removeMember(int node);

    /**
     * Kills {@code node}, wipes its data and adds a fresh member in its place through the
     * system's API (a new identity), then starts it; returns the members after.
     */
    List<Integer> addFreshMember(int node);

    // Power loss and corruption (Capability.POWER_LOSS_FS for power loss).

    /**
     * The node loses power: its process dies and the writes it never synced are lost — all of
     * them, or with {@code suffixSeed} a seeded suffix of each file's (what the page cache had
     * not written back yet). Returns what was lost, for the nemesis log.
     */
    String powerOff(int node, java.util.OptionalLong suffixSeed);

    /**
     * The node's data files (the node is down): those under its data directory that its system
     * declares as data ({@code SystemUnderTest.dataFiles}), in path order.
     */
    java.util.List<DataFile> dataFiles(int node);

    /** Damages one data file of a node that is down; returns what changed (the old and new bytes of a flip). */
    String damage(int node, Damage damage);
}
