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
        double confChangeRate,
        double readRate,
        long maxSizePerMsg,
        boolean breakCommitRule,
        boolean breakVoteRule,
        boolean breakReadRule,
        boolean preVoteAndCheckQuorum) {

    static SimOptions standard(int nodes) {
        return new SimOptions(nodes, 400, 150, 0.1, 0.05, 3, 0.05, 0.02, 0.1, 0.3, 0.02, 0.005, 0.01, 0.1, 256, false, false, false, true);
    }

    SimOptions withBreakCommitRule(boolean v) {
        return new SimOptions(nodes, faultTicks, healTicks, dropRate, dupRate, maxDelay, partitionRate, crashRate,
                restartRate, proposeRate, snapshotRate, transferRate, confChangeRate, readRate, maxSizePerMsg, v, breakVoteRule, breakReadRule, preVoteAndCheckQuorum);
    }

    SimOptions withConfChangeRate(double v) {
        return new SimOptions(nodes, faultTicks, healTicks, dropRate, dupRate, maxDelay, partitionRate, crashRate,
                restartRate, proposeRate, snapshotRate, transferRate, v, readRate, maxSizePerMsg, breakCommitRule,
                breakVoteRule, breakReadRule, preVoteAndCheckQuorum);
    }

    SimOptions withHealTicks(int v) {
        return new SimOptions(nodes, faultTicks, v, dropRate, dupRate, maxDelay, partitionRate, crashRate,
                restartRate, proposeRate, snapshotRate, transferRate, confChangeRate, readRate, maxSizePerMsg,
                breakCommitRule, breakVoteRule, breakReadRule, preVoteAndCheckQuorum);
    }

    SimOptions withPreVoteAndCheckQuorum(boolean v) {
        return new SimOptions(nodes, faultTicks, healTicks, dropRate, dupRate, maxDelay, partitionRate, crashRate,
                restartRate, proposeRate, snapshotRate, transferRate, confChangeRate, readRate, maxSizePerMsg,
                breakCommitRule, breakVoteRule, breakReadRule, v);
    }

    SimOptions withBreakReadRule(boolean v) {
        return new SimOptions(nodes, faultTicks, healTicks, dropRate, dupRate, maxDelay, partitionRate, crashRate,
                restartRate, proposeRate, snapshotRate, transferRate, confChangeRate, readRate, maxSizePerMsg,
                breakCommitRule, breakVoteRule, v, preVoteAndCheckQuorum);
    }

    SimOptions withBreakVoteRule(boolean v) {
        return new SimOptions(nodes, faultTicks, healTicks, dropRate, dupRate, maxDelay, partitionRate, crashRate,
                restartRate, proposeRate, snapshotRate, transferRate, confChangeRate, readRate, maxSizePerMsg, breakCommitRule, v, breakReadRule, preVoteAndCheckQuorum);
    }

    SimOptions withNetwork(double drop, double dup, int delay) {
        return new SimOptions(nodes, faultTicks, healTicks, drop, dup, delay, partitionRate, crashRate,
                restartRate, proposeRate, snapshotRate, transferRate, confChangeRate, readRate, maxSizePerMsg, breakCommitRule, breakVoteRule, breakReadRule, preVoteAndCheckQuorum);
    }

    SimOptions withFaultTicks(int v) {
        return new SimOptions(nodes, v, healTicks, dropRate, dupRate, maxDelay, partitionRate, crashRate,
                restartRate, proposeRate, snapshotRate, transferRate, confChangeRate, readRate, maxSizePerMsg, breakCommitRule, breakVoteRule, breakReadRule, preVoteAndCheckQuorum);
    }

    SimOptions withMaxSizePerMsg(long v) {
        return new SimOptions(nodes, faultTicks, healTicks, dropRate, dupRate, maxDelay, partitionRate, crashRate,
                restartRate, proposeRate, snapshotRate, transferRate, confChangeRate, readRate, v, breakCommitRule, breakVoteRule, breakReadRule, preVoteAndCheckQuorum);
    }

    SimOptions withCrashRate(double v) {
        return new SimOptions(nodes, faultTicks, healTicks, dropRate, dupRate, maxDelay, partitionRate, v,
                restartRate, proposeRate, snapshotRate, transferRate, confChangeRate, readRate, maxSizePerMsg, breakCommitRule, breakVoteRule, breakReadRule, preVoteAndCheckQuorum);
    }

    SimOptions withPartitionRate(double v) {
        return new SimOptions(nodes, faultTicks, healTicks, dropRate, dupRate, maxDelay, v, crashRate,
                restartRate, proposeRate, snapshotRate, transferRate, confChangeRate, readRate, maxSizePerMsg, breakCommitRule, breakVoteRule, breakReadRule, preVoteAndCheckQuorum);
    }
}
