package io.faultline.raft;

import java.lang.reflect.Field;
import java.util.StringJoiner;
import java.util.function.Consumer;

/**
 * Knobs of one simulated run, holding the standard profile until changed. Rates are
 * per-tick (faults) or per-message (network) probabilities; delays and timeouts are in
 * ticks. Never changed in place once a run has it: derive a copy with
 * {@code opt.with(k -> k.dropRate = 0.3)}.
 */
final class SimOptions implements Cloneable {

    /** Cluster size and phases; within healTicks of the quiet phase every voter must apply a probe. */
    int nodes = 3, faultTicks = 400, healTicks = 150;

    double dropRate = 0.1, dupRate = 0.05;
    int maxDelay = 3;

    double partitionRate = 0.05, crashRate = 0.02, restartRate = 0.1;
    /**
     * onePartition: exactly one partition window in the fault phase instead of random toggling.
     * crashInsideReady: a crash while handling a Ready strikes before persisting, after
     * persisting or after sending (else only after persisting).
     */
    boolean onePartition, crashInsideReady;

    double proposeRate = 0.3, snapshotRate = 0.02, transferRate = 0.005, confChangeRate = 0.01, readRate = 0.1;
    /** From early in the fault phase until it is applied, a leader proposes removing this node in a single step (0: none). */
    long removeNode;

    long maxSizePerMsg = 256;
    int heartbeatTick = 1, electionTick = 10, maxInflight = 256;
    /** rejectTermHint off: followers answer a rejected append with their last index only (no fast backtracking). */
    boolean broadcastCommit = true, preVoteAndCheckQuorum = true, rejectTermHint = true;

    /** Test-only faults of the core, to prove the checks catch them. */
    boolean breakCommitRule, breakVoteRule, breakReadRule;

    static SimOptions standard(int nodes) {
        return new SimOptions().with(k -> k.nodes = nodes);
    }

    SimOptions with(Consumer<SimOptions> change) {
        SimOptions copy;
        try {
            copy = (SimOptions) clone();
        } catch (CloneNotSupportedException e) {
            throw new AssertionError(e);
        }
        change.accept(copy);
        return copy;
    }

    @Override
    public String toString() {
        StringJoiner all = new StringJoiner(", ", "SimOptions[", "]");
        for (Field f : SimOptions.class.getDeclaredFields()) {
            try {
                all.add(f.getName() + "=" + f.get(this));
            } catch (IllegalAccessException e) {
                throw new AssertionError(e);
            }
        }
        return all.toString();
    }
}
