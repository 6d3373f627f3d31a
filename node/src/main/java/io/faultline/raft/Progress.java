package io.faultline.raft;

/** The leader's view of one peer's log: what matches, what to send next, and how. */
final class Progress {

    long match;
    long next;
    ProgressState state = ProgressState.PROBE;
    /** In PROBE: an append is out and unanswered, so wait (a heartbeat response resumes). */
    boolean probeSent;
    /** In SNAPSHOT: the index of the snapshot being sent. */
    long pendingSnapshot;
    /** Heard from since the last CheckQuorum round. */
    boolean recentActive;
    final Inflights inflights;

    Progress(long match, long next, int maxInflight) {
        this.match = match;
        this.next = next;
        this.inflights = new Inflights(maxInflight);
    }

    private void resetState(ProgressState s) {
        probeSent = false;
        pendingSnapshot = 0;
        state = s;
        inflights.reset();
    }

    void becomeProbe() {
        if (state == ProgressState.SNAPSHOT) {
            long snap = pendingSnapshot;
            resetState(ProgressState.PROBE);
            next = Math.max(match + 1, snap + 1);
        } else {
            resetState(ProgressState.PROBE);
            next = match + 1;
        }
    }

    void becomeReplicate() {
        resetState(ProgressState.REPLICATE);
        next = match + 1;
    }

    void becomeSnapshot(long snapshotIndex) {
        resetState(ProgressState.SNAPSHOT);
        pendingSnapshot = snapshotIndex;
    }

    /** An append up to {@code n} was accepted; false if it tells nothing new. */
    boolean maybeUpdate(long n) {
        boolean updated = false;
        if (match < n) {
            match = n;
            updated = true;
            probeSent = false;
        }
        next = Math.max(next, n + 1);
        return updated;
    }

    /** Optimistically assumes entries up to {@code n} will arrive (replicate mode). */
    void optimisticUpdate(long n) {
        next = n + 1;
    }

    /**
     * An append at {@code rejected} was refused; the next probe should go at or below
     * {@code hint} (never below what the follower is known to hold). Returns false if the
     * rejection is stale.
     */
    boolean maybeDecrTo(long rejected, long hint) {
        if (state == ProgressState.REPLICATE) {
            if (rejected <= match) {
                return false;
            }
            next = match + 1;
            return true;
        }
        if (next - 1 != rejected) {
            return false;
        }
        next = Math.max(Math.min(rejected, hint + 1), match + 1);
        probeSent = false;
        return true;
    }

    boolean isPaused() {
        return switch (state) {
            case PROBE -> probeSent;
            case REPLICATE -> inflights.full();
            case SNAPSHOT -> true;
        };
    }
}
