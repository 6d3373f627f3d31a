package io.faultline.raft;

/** What happened in simulated runs, to show the faults were real and progress was made. */
final class SimStats {
    long runs;
    long ticks;
    long messagesSent;
    long crashes;
    long restarts;
    long partitions;
    long snapshotsTaken;
    long snapshotsRestored;
    long transfers;
    long confChanges;
    long jointChanges;
    long readsAnswered;
    long proposalsAccepted;
    long proposalsDropped;
    long entriesApplied;
    long maxTerm;
    /** Quiet-phase ticks from healing until the liveness check passed: count, sum, worst. */
    long recoveries;
    long recoveryTicks;
    long maxRecoveryTicks;
    /** Runs whose removed node never applied its own removal. */
    long removedUnaware;

    void recovered(long ticks) {
        recoveries++;
        recoveryTicks += ticks;
        maxRecoveryTicks = Math.max(maxRecoveryTicks, ticks);
    }

    void add(SimStats o) {
        runs += o.runs;
        ticks += o.ticks;
        messagesSent += o.messagesSent;
        crashes += o.crashes;
        restarts += o.restarts;
        partitions += o.partitions;
        snapshotsTaken += o.snapshotsTaken;
        snapshotsRestored += o.snapshotsRestored;
        transfers += o.transfers;
        confChanges += o.confChanges;
        jointChanges += o.jointChanges;
        readsAnswered += o.readsAnswered;
        proposalsAccepted += o.proposalsAccepted;
        proposalsDropped += o.proposalsDropped;
        entriesApplied += o.entriesApplied;
        maxTerm = Math.max(maxTerm, o.maxTerm);
        recoveries += o.recoveries;
        recoveryTicks += o.recoveryTicks;
        maxRecoveryTicks = Math.max(maxRecoveryTicks, o.maxRecoveryTicks);
        removedUnaware += o.removedUnaware;
    }

    @Override
    public String toString() {
        return String.format("runs=%d ticks=%d msgs=%d crashes=%d restarts=%d partitions=%d snapshots taken=%d"
                        + " restored=%d transfers=%d confChanges=%d (joint %d) readsAnswered=%d proposals accepted=%d dropped=%d applied=%d maxTerm=%d"
                        + " recovery ticks mean=%.1f max=%d removedUnaware=%d",
                runs, ticks, messagesSent, crashes, restarts, partitions, snapshotsTaken, snapshotsRestored,
                transfers, confChanges, jointChanges, readsAnswered, proposalsAccepted, proposalsDropped, entriesApplied, maxTerm,
                recoveries == 0 ? 0.0 : (double) recoveryTicks / recoveries, maxRecoveryTicks, removedUnaware);
    }
}
