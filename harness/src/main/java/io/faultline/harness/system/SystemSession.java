package io.faultline.harness.system;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * The harness's connection to a running cluster of one system: the nodes' own view
 * of themselves (health and recovery), clients for the workers, and crash points
 * where the system has them. Closed with the cluster.
 */
public interface SystemSession extends AutoCloseable {
    /** What every node says of itself now; a node that does not answer is listed without a state. */
    List<NodeStatus> statuses();

    /** A new client for one worker, trying {@code firstNode} first (spreads the workers over the cluster). */
    SystemClient client(Duration opTimeout, int firstNode);

    /**
     * A client for one worker that talks to {@code node} only (Jepsen's clients): a
     * refusal there (not leader, connection refused) is a definite fail, never a
     * redirect, and after an unknown outcome it stays.
     */
    default SystemClient boundClient(Duration opTimeout, int node) {
        throw new UnsupportedOperationException(getClass().getSimpleName() + " has no bound clients");
    }

    /** Crash points and leader transfer, for the scripted faults; empty when the system has none. */
    default Optional<CrashPoints> crashPoints() {
        return Optional.empty();
    }

    /**
     * The crash points, for a fault target acting on them: a run refuses scripted faults for a
     * system without them before it starts, so their absence here is a bug.
     */
    default CrashPoints requireCrashPoints() {
        return crashPoints().orElseThrow(() -> new IllegalStateException(
                getClass().getSimpleName() + ": the system has no crash points"));
    }

    /** Clock rates and duplicated peer messages inside the nodes; empty when the system has none. */
    default Optional<InProcessFaults> inProcessFaults() {
        return Optional.empty();
    }

    /** Membership changes through the system's API; empty when the system has none. */
    default Optional<MemberChanges> memberChanges() {
        return Optional.empty();
    }

    @Override
    void close();
}
