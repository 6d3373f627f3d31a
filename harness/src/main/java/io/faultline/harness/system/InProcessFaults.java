package io.faultline.harness.system;

/**
 * Faults a node does to itself on request, where no outside tool can (the Faultline node's
 * Admin API): its clock's rate, and duplicated peer messages. A system without them cannot
 * take the clock-skew and link-dup nemeses.
 */
public interface InProcessFaults {
    /** Runs the node's clock and ticker {@code rate} times as fast as true time (1: true time). */
    void clockRate(int node, double rate);

    /**
     * Each frame the node receives from a peer has its messages delivered twice with
     * {@code probability} (0: off), drawn from {@code seed}; returns what the setting it
     * replaced did ("12 of 340 frames twice").
     */
    String duplicateFrames(int node, double probability, long seed);

    /**
     * {@link #duplicateFrames} on each of {@code nodes} (each drawing from its own seed, derived
     * from {@code seed}); returns what each said, or why it did not answer ("n1: 12 of 340 frames
     * twice; n3: no answer (UNAVAILABLE …)"), and throws when none answered. A node down now
     * restarts without duplication, so one that does not answer is no failure of the others.
     */
    default String duplicateFramesOnEach(java.util.List<Integer> nodes, double probability, long seed) {
        java.util.List<String> said = new java.util.ArrayList<>();
        RuntimeException failure = null;
        boolean any = false;
        for (int n : nodes) {
            try {
                said.add("n" + n + ": " + duplicateFrames(n, probability, seed ^ n));
                any = true;
            } catch (RuntimeException e) {
                said.add("n" + n + ": no answer (" + e.getMessage() + ")");
                failure = e;
            }
        }
        if (!any && failure != null) throw new IllegalStateException("no node answered: " + String.join("; ", said), failure);
        return String.join("; ", said);
    }
}
