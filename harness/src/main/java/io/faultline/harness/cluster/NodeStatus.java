package io.faultline.harness.cluster;

import io.faultline.kv.api.StatusResponse;

/** What one node said about itself; {@code status} is null when it did not answer. */
public record NodeStatus(int id, StatusResponse status, String error) {
    public boolean answered() {
        return status != null;
    }

    public boolean isLeader() {
        return status != null && "leader".equals(status.getRole());
    }

    @Override
    public String toString() {
        if (status == null) return "n" + id + ": no answer (" + error + ")";
        return "n" + id + ": " + status.getRole() + " term=" + status.getTerm() + " leader=" + status.getLeaderId()
                + " commit=" + status.getCommitIndex() + " applied=" + status.getAppliedIndex()
                + " last=" + status.getLastIndex();
    }
}
