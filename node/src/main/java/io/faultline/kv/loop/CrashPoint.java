package io.faultline.kv.loop;

import java.util.Arrays;
import java.util.stream.Collectors;

/**
 * Places in the Ready loop where an armed node halts itself, as a kill -9 would, to
 * hit an instant that no outside signal can: the harness arms one, then provokes
 * the event (an election). Only what the node made durable before that instant
 * survives, which is exactly what a crash there is meant to test.
 */
public enum CrashPoint {
    NONE("none"),
    /**
     * Right after a Ready that sent a vote grant: the vote has left the node, and no
     * further message (such as the new leader's first append) is handled. A correct
     * node has persisted the vote before sending it.
     */
    AFTER_VOTE_GRANT("after-vote-grant"),
    /**
     * Right after the first Ready that advances the commit index has been persisted and
     * applied, and its clients answered, but before its messages are sent (so a new
     * leader's followers do not learn what it just committed, nor get what it was
     * about to send them). A correct leader commits only what a quorum holds with an
     * entry of its own term.
     */
    AFTER_COMMIT("after-commit");

    /** The exit status of a node halted at a crash point: that of a SIGKILL. */
    public static final int EXIT_STATUS = 137;

    private final String wireName;

    CrashPoint(String wireName) {
        this.wireName = wireName;
    }

    public String wireName() {
        return wireName;
    }

    public static CrashPoint parse(String name) {
        for (CrashPoint p : values()) {
            if (p.wireName.equals(name)) return p;
        }
        throw new IllegalArgumentException("unknown crash point '" + name + "' (known: "
                + Arrays.stream(values()).map(CrashPoint::wireName).collect(Collectors.joining(", ")) + ")");
    }
}
