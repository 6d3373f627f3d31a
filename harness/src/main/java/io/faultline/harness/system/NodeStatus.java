package io.faultline.harness.system;

/**
 * What one node said about itself, in the words every Raft system can give (as far
 * as it tells); {@code state} is null when the node did not answer.
 */
public record NodeStatus(int id, State state, String error) {

    /**
     * A node's Raft view. {@code leaderId} is a node number of the harness (0: none
     * known); {@code lastIndex} is 0 where the system does not expose it.
     */
    public record State(String role, long term, long leaderId, long commitIndex, long appliedIndex, long lastIndex) {
        public static final String LEADER = "leader";
    }

    public static NodeStatus of(int id, State state) {
        return new NodeStatus(id, state, null);
    }

    public static NodeStatus noAnswer(int id, String error) {
        return new NodeStatus(id, null, error);
    }

    public boolean answered() {
        return state != null;
    }

    public boolean isLeader() {
        return state != null && State.LEADER.equals(state.role());
    }

    @Override
    public String toString() {
        if (state == null) return "n" + id + ": no answer (" + error + ")";
        return "n" + id + ": " + state.role() + " term=" + state.term() + " leader=" + state.leaderId()
                + " commit=" + state.commitIndex() + " applied=" + state.appliedIndex()
                + " last=" + state.lastIndex();
    }
}
