package io.faultline.harness.nemesis;

/** What a fault did to one node while it lasted: the report draws it on the node's lane. */
public enum Effect {
    /** The process was killed (or halted at a crash point). */
    DOWN,
    /** The process was stopped (SIGSTOP). */
    PAUSED,
    /** Cut off from every majority: the node cannot lead nor commit. */
    CUT_OFF,
    /** Removed from the cluster's configuration (through the system's own API) until the fault ends. */
    REMOVED,
    /** Some of its links cut in a partition that is not a clean split (a ring, a bridge); it still reaches a majority. */
    LINKS_CUT,
    /** Its clock and ticker ran fast or slow (clock-skew); its lane shows the roles it logged. */
    CLOCK_SKEWED
}
