package io.faultline.raft;

import java.util.function.Consumer;

/**
 * Knobs of one simulated run. Rates are per-tick (faults) or per-message (network)
 * probabilities; delays and timeouts are in ticks. Change a copy with
 * {@code opt.with(k -> k.dropRate = 0.3)}.
 *
 * <p>{@code crashInsideReady}: a crash while handling a Ready may strike before anything
 * is persisted, after persisting, or after sending (nothing applied); otherwise only after
 * persisting. {@code onePartition}: exactly one partition window instead of random
 * toggling. {@code removeNode}: from early in the fault phase until it commits, a leader
 * proposes removing that node in a single step. {@code probeEveryVoter}: the quiet phase
 * passes only when every voter of the leader's configuration applied a probe entry
 * (otherwise when any node applied a new proposal). {@code rejectTermHint} off makes
 * followers answer rejected appends with their last index only (no fast backtracking).
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
        boolean preVoteAndCheckQuorum,
        int heartbeatTick,
        int electionTick,
        int maxInflight,
        boolean broadcastCommit,
        boolean crashInsideReady,
        boolean onePartition,
        long removeNode,
        boolean probeEveryVoter,
        boolean rejectTermHint) {

    static SimOptions standard(int nodes) {
        Knobs k = new Knobs();
        k.nodes = nodes;
        return k.build();
    }

    SimOptions with(Consumer<Knobs> change) {
        Knobs k = new Knobs();
        k.nodes = nodes;
        k.faultTicks = faultTicks;
        k.healTicks = healTicks;
        k.dropRate = dropRate;
        k.dupRate = dupRate;
        k.maxDelay = maxDelay;
        k.partitionRate = partitionRate;
        k.crashRate = crashRate;
        k.restartRate = restartRate;
        k.proposeRate = proposeRate;
        k.snapshotRate = snapshotRate;
        k.transferRate = transferRate;
        k.confChangeRate = confChangeRate;
        k.readRate = readRate;
        k.maxSizePerMsg = maxSizePerMsg;
        k.breakCommitRule = breakCommitRule;
        k.breakVoteRule = breakVoteRule;
        k.breakReadRule = breakReadRule;
        k.preVoteAndCheckQuorum = preVoteAndCheckQuorum;
        k.heartbeatTick = heartbeatTick;
        k.electionTick = electionTick;
        k.maxInflight = maxInflight;
        k.broadcastCommit = broadcastCommit;
        k.crashInsideReady = crashInsideReady;
        k.onePartition = onePartition;
        k.removeNode = removeNode;
        k.probeEveryVoter = probeEveryVoter;
        k.rejectTermHint = rejectTermHint;
        change.accept(k);
        return k.build();
    }

    /** The mutable twin of {@link SimOptions}, holding the standard profile until changed. */
    static final class Knobs {
        int faultTicks = 400;
        int healTicks = 150;
        double dropRate = 0.1;
        double dupRate = 0.05;
        int maxDelay = 3;
        double partitionRate = 0.05;
        double crashRate = 0.02;
        double restartRate = 0.1;
        double proposeRate = 0.3;
        double snapshotRate = 0.02;
        double transferRate = 0.005;
        double confChangeRate = 0.01;
        double readRate = 0.1;
        long maxSizePerMsg = 256;
        boolean breakCommitRule = false;
        boolean breakVoteRule = false;
        boolean breakReadRule = false;
        boolean preVoteAndCheckQuorum = true;
        int heartbeatTick = 1;
        int electionTick = 10;
        int maxInflight = 256;
        boolean broadcastCommit = true;
        boolean crashInsideReady = false;
        boolean onePartition = false;
        long removeNode = 0;
        boolean probeEveryVoter = false;
        boolean rejectTermHint = true;
        int nodes = 3;

        private SimOptions build() {
            return new SimOptions(nodes, faultTicks, healTicks, dropRate, dupRate, maxDelay, partitionRate, crashRate, restartRate, proposeRate, snapshotRate, transferRate, confChangeRate, readRate, maxSizePerMsg, breakCommitRule, breakVoteRule, breakReadRule, preVoteAndCheckQuorum, heartbeatTick, electionTick, maxInflight, broadcastCommit, crashInsideReady, onePartition, removeNode, probeEveryVoter, rejectTermHint);
        }
    }
}
