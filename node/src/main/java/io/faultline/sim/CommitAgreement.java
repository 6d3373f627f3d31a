package io.faultline.sim;

import java.util.HashMap;
import java.util.Map;

/**
 * Raft's state machine safety, checked on the simulated nodes themselves: an index that
 * two nodes have committed holds an entry of the same term on both. A committed entry
 * that is later replaced is caught here even when no client read ever shows it.
 */
public final class CommitAgreement {
    private record Seen(long term, long node) {}

    private final Map<Long, Seen> committed = new HashMap<>();
    private final Map<Long, Long> checkedThrough = new HashMap<>();
    private String violation;

    /** Records what every running node has committed since the last look; returns the first disagreement, or null. */
    public String check(SimCluster cluster) {
        if (violation != null) return violation;
        for (SimNode n : cluster.nodes()) {
            var driver = n.driver();
            if (driver == null) continue;
            // The disk's view: the in-memory commit may cover entries not yet written over an older tail.
            long commit = driver.durableCommit();
            long from = checkedThrough.getOrDefault(n.id(), 0L) + 1;
            for (long i = from; i <= commit; i++) {
                long term = driver.logTerm(i);
                if (term < 0) continue; // compacted: it was checked when it was committed
                Seen seen = committed.putIfAbsent(i, new Seen(term, n.id()));
                if (seen != null && seen.term() != term) {
                    violation = "Raft safety: index " + i + " committed in term " + seen.term() + " on n" + seen.node()
                            + " but in term " + term + " on n" + n.id();
                    return violation;
                }
            }
            checkedThrough.put(n.id(), Math.max(commit, from - 1));
        }
        return null;
    }
}
