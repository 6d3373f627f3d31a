package io.faultline.raft;

/**
 * The one door from outside this package to the Raft core's deliberate faults, for a
 * node started with {@code --unsafe-stale-leader-commit} (see {@code io.faultline.kv.config.UnsafeFlags}).
 * Nothing else may call it.
 */
public final class UnsafeHooks {
    private UnsafeHooks() {}

    /**
     * Makes {@code node}'s leader commit an entry of an earlier term as soon as a quorum
     * holds it, the mistake of the Raft paper's figure 8 (§5.4.2).
     */
    public static void commitPreviousTermByCount(RawNode node) {
        node.raft().unsafeCommitAnyTerm = true;
    }
}
