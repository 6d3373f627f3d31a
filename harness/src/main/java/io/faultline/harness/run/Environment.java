package io.faultline.harness.run;

import io.faultline.harness.cluster.ClusterHealth;
import io.faultline.harness.nemesis.FaultTarget;
import io.faultline.harness.nemesis.RunClock;
import io.faultline.harness.system.SystemClient;
import io.faultline.harness.system.SystemUnderTest;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * Where a run happens: what {@link RunLoop}'s phases need and that differs from one place to
 * another. Docker containers on this machine ({@link DockerEnvironment}) and the simulator
 * ({@code SimEnvironment}) are two; a third (hosts over SSH) is a third implementation, not a
 * change to the loop. The system under test is already started and has a leader when an
 * environment is handed to the loop.
 */
public interface Environment extends AutoCloseable {
    /** The time clients, faults and deadlines go by: the wall clock, or the simulator's. */
    RunClock clock();

    /** The fault actuator the nemesis acts through. */
    FaultTarget faults();

    /**
     * Drives every client's steps at its pace, and the nemesis's schedule beside them, until
     * {@code end} says the workload is over; returns when no operation is in flight any more.
     * Docker: a thread per client and one for the nemesis; simulation: the scheduler.
     */
    void drive(List<RunLoop.Client> clients, RunLoop.Faults faults, WorkloadEnd end) throws InterruptedException;

    /** After the heal: waits until the system has a leader it agrees on and answers, or {@code timeout}. */
    ClusterHealth.Recovery awaitRecovery(Duration timeout) throws InterruptedException;

    /** A client that waits for each answer (the final reads), starting at {@code node}. */
    SystemClient client(int node);

    /** What the nodes' logs say of Raft's safety ({@link SafetyLines}), read where the logs are. */
    List<String> safetyLines(SystemUnderTest system);

    /**
     * A broken safety property the environment saw itself, as a sentence (the simulator compares
     * the nodes' committed entries); empty where it can only read the logs.
     */
    default Optional<String> safetyFinding() {
        return Optional.empty();
    }

    /** Copies the nodes' logs into the run directory, where they are elsewhere (again: the newest copy wins). */
    default void copyLogs() {}

    /** Stops the system and removes what the environment made; safe to call twice. */
    @Override
    void close();
}
