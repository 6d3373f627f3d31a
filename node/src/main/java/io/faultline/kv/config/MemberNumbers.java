package io.faultline.kv.config;

/**
 * How the test clusters (the harness's containers, the simulator's nodes) number a member
 * that replaced another in the same place: a fresh node needs a new Raft id (a wiped node
 * that came back under its old one would have forgotten its votes), and the harness still
 * names it by its place. Member {@code place + 10 × generation}: the last digit is the place.
 */
public final class MemberNumbers {
    /** The most places a cluster can have under this numbering. */
    public static final int MAX_PLACES = 9;
    private static final int STRIDE = MAX_PLACES + 1;

    private MemberNumbers() {}

    /** The member in {@code place} (1..9) after {@code generation} replacements (0: the original). */
    public static long of(int place, int generation) {
        if (place < 1 || place > MAX_PLACES) throw new IllegalArgumentException("place must be 1.." + MAX_PLACES + ", got " + place);
        if (generation < 0) throw new IllegalArgumentException("generation must be >= 0, got " + generation);
        return place + (long) STRIDE * generation;
    }

    /** The place of {@code member}; 0 stays 0 (no member: an unknown leader). */
    public static int place(long member) {
        return (int) (member % STRIDE);
    }

    /** How many times {@code member}'s place had been replaced when it joined. */
    public static int generation(long member) {
        return (int) (member / STRIDE);
    }
}
