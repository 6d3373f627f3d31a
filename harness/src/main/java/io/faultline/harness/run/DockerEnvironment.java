package io.faultline.harness.run;

import io.faultline.harness.cluster.Cluster;
import io.faultline.harness.cluster.ClusterException;
import io.faultline.harness.cluster.ClusterHealth;
import io.faultline.harness.cluster.ClusterSpec;
import io.faultline.harness.nemesis.DockerFaults;
import io.faultline.harness.nemesis.FaultPackage;
import io.faultline.harness.nemesis.FaultTarget;
import io.faultline.harness.system.SystemSession;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Collection;
import java.util.function.Consumer;

/**
 * Containers on this machine's Docker engine: the wall clock, a thread per client and one for
 * the nemesis, faults by signals and iptables ({@link DockerFaults}), and the node logs copied
 * into the run directory.
 */
public final class DockerEnvironment extends WallClockEnvironment {
    private final Cluster cluster;
    private final DockerFaults faults;
    private final Consumer<String> phase;

    private DockerEnvironment(Cluster cluster, Path nodesDir, Duration opTimeout, Consumer<String> phase) {
        super(nodesDir, opTimeout);
        this.cluster = cluster;
        this.faults = new DockerFaults(cluster);
        this.phase = phase;
    }

    /**
     * Starts the cluster, waits for its first leader and readies the fault actuator for the
     * {@code planned} fault packages. On failure the node logs that exist are copied into
     * {@code nodesDir} and everything is removed before the exception leaves.
     */
    public static DockerEnvironment start(ClusterSpec spec, Collection<FaultPackage> planned, String runId,
                                          Path nodesDir, Duration opTimeout, Consumer<String> phase)
            throws InterruptedException {
        phase.accept("starting " + spec.nodes() + " nodes of " + spec.system().name());
        Cluster cluster = Cluster.start(spec, runId, phase);
        DockerEnvironment env = new DockerEnvironment(cluster, nodesDir, opTimeout, phase);
        try {
            cluster.startNodes();
            int leader = cluster.awaitLeader(spec.startTimeout());
            phase.accept("leader is n" + leader);
            // A link proxy resets the peer connections once: the workload starts when a leader is back.
            if (env.faults.install(planned)) cluster.awaitLeader(spec.startTimeout());
            return env;
        } catch (ClusterException | InterruptedException e) {
            env.copyLogs();
            env.close();
            throw e;
        }
    }

    @Override
    protected SystemSession session() {
        return cluster.session();
    }

    @Override
    public FaultTarget faults() {
        return faults;
    }

    @Override
    public ClusterHealth.Recovery awaitRecovery(Duration timeout) throws InterruptedException {
        return cluster.health().awaitRecovery(timeout);
    }

    @Override
    public void copyLogs() {
        for (String failure : cluster.copyLogs(nodesDir)) phase.accept("could not copy a node log: " + failure);
    }

    /** Removes the cluster and everything it made; safe to call twice. */
    @Override
    public void close() {
        cluster.close();
    }
}
