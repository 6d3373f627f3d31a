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
    POWER_LOSS_FS("the power-loss file system in its image"),
    /**
     * A node's clock and ticker made to run fast or slow on request (the Faultline node's
     * Admin.SetClockRate). A process of another system reads the kernel's clock.
     */
    CLOCK_RATE("a clock rate set through its admin API",
            "its processes read the kernel's clock, and nothing short of libfaketime or a time namespace around the"
                    + " process makes that run fast or slow; neither is in its image"),
    /**
     * Whole peer messages delivered twice on request: the Faultline node's
     * Admin.SetLinkDuplication in its transport, or the link proxy for etcd, which re-frames
     * etcd's rafthttp message streams.
     */
    LINK_DUPLICATION("duplicated peer messages (its own transport, or a link proxy that knows its peer protocol)",
            "a proxy on the peer links cannot duplicate blindly: a copied chunk of the byte stream breaks its framing,"
                    + " the link proxy knows only etcd's rafthttp message streams (not NATS's route protocol), and the"
                    + " system has no hook to deliver a whole message twice");

    private final String words;
    private final String lacking;

    Capability(String words) {
        this(words, "");
    }

    Capability(String words, String lacking) {
        this.words = words;
        this.lacking = lacking;
    }

    public String words() {
        return words;
    }

    /** Why a system without it cannot be given it from outside (empty when that needs no saying). */
    public String lacking() {
        return lacking;
    }
}
