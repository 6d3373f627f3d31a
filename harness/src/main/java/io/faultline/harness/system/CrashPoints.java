package io.faultline.harness.system;

/**
 * What scripted faults need from a system besides signals and iptables: crash points
 * (a node halts at an exact step of its protocol) and leadership transfer. A system
 * without them cannot run the scripted nemeses.
 */
public interface CrashPoints {
    /**
     * Arms a crash point of the node ({@code "none"} disarms). {@code commitIndex}: for
     * after-commit, the index the commit must reach (0: any commit).
     */
    void arm(int node, String point, long commitIndex);

    /** Asks {@code leader} to hand its leadership to {@code to}; returns when {@code to} leads, else throws. */
    void transferLeader(int leader, int to);
}
