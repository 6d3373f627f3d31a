package io.faultline.kv.loop;

import io.faultline.raft.pb.ConfState;
import java.util.List;

/** The membership change and the leadership transfer this leader is waiting on (at most one of each). */
final class AdminRequests {
    /** A change proposed at {@code index}; a joint one is answered when the joint configuration is left. */
    private record ConfChangeWaiter(long index, boolean untilJointLeft, Pending<List<Long>> pending) {}

    private record TransferWaiter(long target, Pending<Long> pending) {}

    private final long requestTimeoutMs;
    private final long transferTimeoutMs;
    private ConfChangeWaiter confChange;
    private TransferWaiter transfer;

    AdminRequests(long requestTimeoutMs, long transferTimeoutMs) {
        this.requestTimeoutMs = requestTimeoutMs;
        this.transferTimeoutMs = transferTimeoutMs;
    }

    boolean confChangeInProgress() {
        return confChange != null;
    }

    void confChangeProposed(long index, boolean untilJointLeft, Pending<List<Long>> pending) {
        confChange = new ConfChangeWaiter(index, untilJointLeft, pending);
    }

    /**
     * Answers the waiting change once the conf change at {@code index} is it (or follows it:
     * the one leaving its joint configuration); returns the answer to run after the apply.
     * An entry of another leader at that index means leadership was lost, which
     * {@link #check} answers first.
     */
    Runnable confChangeApplied(long index, ConfState state) {
        ConfChangeWaiter waiting = confChange;
        if (waiting == null || index < waiting.index() || (waiting.untilJointLeft() && state.getVotersOutgoingCount() > 0)) {
            return null;
        }
        confChange = null;
        List<Long> voters = List.copyOf(state.getVotersList());
        return () -> waiting.pending().future().complete(voters);
    }

    void transferStarted(long target, Pending<Long> pending) {
        if (transfer != null) {
            transfer.pending().future().completeExceptionally(Failures.busy("superseded by a transfer to n" + target));
        }
        transfer = new TransferWaiter(target, pending);
    }

    /** After each Ready: what can no longer succeed fails, a transfer that took effect is answered. */
    void check(boolean leading, long term, long leaderId) {
        if (confChange != null && (!leading || confChange.pending().term() != term)) {
            confChange.pending().future().completeExceptionally(
                    Failures.outcomeUnknown("leadership lost before the membership change applied"));
            confChange = null;
        }
        if (transfer != null && leaderId == transfer.target()) {
            transfer.pending().future().complete(transfer.target());
            transfer = null;
        }
    }

    void expire(long now) {
        if (confChange != null && confChange.pending().expired(now)) {
            confChange.pending().future().completeExceptionally(Failures.timedOut("membership change", requestTimeoutMs));
            confChange = null;
        }
        if (transfer != null && transfer.pending().expired(now)) {
            transfer.pending().future().completeExceptionally(
                    Failures.timedOut("leadership transfer to n" + transfer.target(), transferTimeoutMs));
            transfer = null;
        }
    }

    void failAll(RuntimeException error) {
        if (confChange != null) confChange.pending().future().completeExceptionally(error);
        if (transfer != null) transfer.pending().future().completeExceptionally(error);
        confChange = null;
        transfer = null;
    }
}
