package io.faultline.harness.nemesis;

import java.util.function.Consumer;

/**
 * One fault as drawn from the seed by its {@link FaultPackage}: what it is, what the cluster
 * must look like before it starts, how it starts and how it ends. Targets that depend on the
 * run (the leader) are resolved when it starts. Every action goes through a {@link FaultTarget},
 * so the same fault runs wherever there is an actuator for it.
 */
public interface Fault {
    /** The package's name: {@code start-<kind>}/{@code stop-<kind>} in the history, and in the report. */
    String kind();

    /** As planned, before it runs (nemesis.log's plan). */
    String describe();

    /** What the nemesis waits for before starting it. */
    default Readiness readiness() {
        return Readiness.LEADER;
    }

    /**
     * A fault whose start is a schedule of steps taking seconds (its start op is recorded before
     * it acts; what it found goes with its stop op).
     */
    default boolean scripted() {
        return readiness() == Readiness.ALL_UP;
    }

    /**
     * Starts it. {@code leader}: the leader now (or the first node, when none is known).
     * Throws when the action failed; what had been done then is undone by the nemesis's heal.
     */
    Struck start(FaultTarget target, int leader, Consumer<String> log) throws InterruptedException;

    /** Ends it; returns {@code started} with what the end found (e.g. the nodes a crash point halted). */
    Struck stop(FaultTarget target, Struck started, Consumer<String> log);

    /** What must hold before a fault starts; each wait is bounded. */
    enum Readiness {
        /** A leader, briefly: most faults find one. */
        LEADER,
        /** A leader, longer: a fault aimed at "the leader" would otherwise hit a node at random. */
        LEADER_AIMED,
        /** Every node up with a leader: a script follows the nodes from one step to the next. */
        ALL_UP
    }
}
