package io.faultline.harness.nemesis;

/** A fixed node, or whichever node leads when the fault starts. */
public record Target(int node) {
    public static final Target LEADER = new Target(0);

    public boolean isLeader() {
        return node == 0;
    }

    /** The node struck, {@code leader} being the leader when the fault starts. */
    int resolve(int leader) {
        return isLeader() ? leader : node;
    }

    /** "n3 (leader)" or "n3". */
    String name(int leader) {
        return "n" + resolve(leader) + (isLeader() ? " (leader)" : "");
    }

    @Override
    public String toString() {
        return isLeader() ? "leader" : "n" + node;
    }
}
