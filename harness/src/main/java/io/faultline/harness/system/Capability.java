package io.faultline.harness.system;

/** Something a fault may need of a system beyond a process to kill and links to cut. */
public enum Capability {
    /** Named points where a node halts on request (the node's Admin.ArmCrashPoint), and leadership transfer. */
    CRASH_POINTS("crash points"),
    /** Members removed and added through the system's own API, a removed node's place taken by a fresh one. */
    MEMBERSHIP("membership changes"),
    /**
     * The power-loss file system (docker/powerfs) in the system's image: its data directory
     * can be mounted on it, and the writes it never synced dropped as a power failure would.
     */
    POWER_LOSS_FS("the power-loss file system in its image");

    private final String words;

    Capability(String words) {
        this.words = words;
    }

    public String words() {
        return words;
    }
}
