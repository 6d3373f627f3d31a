package io.faultline.raft;

/**
 * Knobs of one simulated run. Rates are per-tick (faults) or per-message (network)
 * probabilities; delays are in ticks.
 */
record SimOptions(
        int nodes,
        int faultTicks,
        int healTicks,
        double dropRate,
        double dupRate,
        int maxDelay,
        double partitionRate,
        double crashRate,
        double restartRate,
        double proposeRate,
        double snapshotRate,
        double transferRate,
        long maxSizePerMsg,
        boolean breakCommitRule,
        boolean breakVoteRule) {

    static SimOptions standard(int nodes) {
        return new SimOptions(nodes, 400, 150, 0.1, 0.05, 3, 0.05, 0.02, 0.1, 0.3, 0.02, 0.005, 256, false, false);
    }

    SimOptions withBreakCommitRule(boolean v) {
        return new SimOptions(nodes, faultTicks, healTicks, dropRate, dupRate, maxDelay, partitionRate, crashRate,
                restartRate, proposeRate, snapshotRate, transferRate, maxSizePerMsg, v, breakVoteRule);
    }

    SimOptions withBreakVoteRule(boolean v) {
        return new SimOptions(nodes, faultTicks, healTicks, dropRate, dupRate, maxDelay, partitionRate, crashRate,
                restartRate, proposeRate, snapshotRate, transferRate, maxSizePerMsg, breakCommitRule, v);
    }

    SimOptions withNetwork(double drop, double dup, int delay) {
        return new SimOptions(nodes, faultTicks, healTicks, drop, dup, delay, partitionRate, crashRate,
                restartRate, proposeRate, snapshotRate, transferRate, maxSizePerMsg, breakCommitRule, breakVoteRule);
    }

    SimOptions withFaultTicks(int v) {
        return new SimOptions(nodes, v, healTicks, dropRate, dupRate, maxDelay, partitionRate, crashRate,
                restartRate, proposeRate, snapshotRate, transferRate, maxSizePerMsg, breakCommitRule, breakVoteRule);
    }

    SimOptions withMaxSizePerMsg(long v) {
        return new SimOptions(nodes, faultTicks, healTicks, dropRate, dupRate, maxDelay, partitionRate, crashRate,
                restartRate, proposeRate, snapshotRate, transferRate, v, breakCommitRule, breakVoteRule);
    }

    SimOptions withCrashRate(double v) {
        return new SimOptions(nodes, faultTicks, healTicks, dropRate, dupRate, maxDelay, partitionRate, v,
                restartRate, proposeRate, snapshotRate, transferRate, maxSizePerMsg, breakCommitRule, breakVoteRule);
    }

    SimOptions withPartitionRate(double v) {
        return new SimOptions(nodes, faultTicks, healTicks, dropRate, dupRate, maxDelay, v, crashRate,
                restartRate, proposeRate, snapshotRate, transferRate, maxSizePerMsg, breakCommitRule, breakVoteRule);
    }
}
