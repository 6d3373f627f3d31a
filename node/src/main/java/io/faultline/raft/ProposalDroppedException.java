package io.faultline.raft;

/**
 * A proposal (or read, or conf change) was refused: this node is not the leader, a
 * leadership transfer is in progress, or another conf change is still pending. The
 * log is untouched; the caller may retry elsewhere or later.
 */
public final class ProposalDroppedException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public ProposalDroppedException(String reason) {
        super("proposal dropped: " + reason);
    }
}
