package io.faultline.kv.loop;

import io.faultline.raft.pb.ConfChangeType;
import java.util.List;

/** The membership change and the leadership transfer this leader is waiting on (at most one of each). */
final class AdminRequests {
    private record ConfChangeWaiter(ConfChangeType type, long nodeId, Pending<List<Long>> pending) {}

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

    void confChangeProposed(ConfChangeType type, long nodeId, Pending<List<Long>> pending) {
        confChange = new ConfChangeWaiter(type, nodeId, pending);
    }

    /** Answers the waiting change when {@code type}/{@code nodeId} is it; returns the answer to run after the apply. */
    Runnable confChangeApplied(ConfChangeType type, long nodeId, List<Long> voters) {
        ConfChangeWaiter waiting = confChange;
        if (waiting == null || waiting.type() != type || waiting.nodeId() != nodeId) return null;
        confChange = null;
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
