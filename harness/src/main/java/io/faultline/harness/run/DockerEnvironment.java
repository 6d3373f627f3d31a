package io.faultline.harness.run;

import io.faultline.harness.cluster.Cluster;
import io.faultline.harness.cluster.ClusterException;
import io.faultline.harness.cluster.ClusterHealth;
import io.faultline.harness.cluster.ClusterSpec;
import io.faultline.harness.nemesis.DockerFaults;
import io.faultline.harness.nemesis.FaultTarget;
import io.faultline.harness.nemesis.RunClock;
import io.faultline.harness.system.SystemClient;
import io.faultline.harness.system.SystemUnderTest;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * Containers on this machine's Docker engine: the wall clock, a thread per client and one for
 * the nemesis, faults by signals and iptables ({@link DockerFaults}), and the node logs copied
 * into the run directory.
 */
public final class DockerEnvironment implements Environment {
    private final Cluster cluster;
    private final DockerFaults faults;
    private final Path nodesDir;
    private final Duration opTimeout;
    private final Consumer<String> phase;
    private volatile boolean stopped;

    private DockerEnvironment(Cluster cluster, Path nodesDir, Duration opTimeout, Consumer<String> phase) {
        this.cluster = cluster;
        this.faults = new DockerFaults(cluster);
        this.nodesDir = nodesDir;
        this.opTimeout = opTimeout;
        this.phase = phase;
    }

    /**
     * Starts the cluster and waits for its first leader. On failure the node logs that exist are
     * copied into {@code nodesDir} and everything is removed before the exception leaves.
     */
    public static DockerEnvironment start(ClusterSpec spec, String runId, Path nodesDir, Duration opTimeout,
                                          Consumer<String> phase) throws InterruptedException {
        phase.accept("starting " + spec.nodes() + " nodes of " + spec.system().name());
        Cluster cluster = Cluster.start(spec, runId, phase);
        DockerEnvironment env = new DockerEnvironment(cluster, nodesDir, opTimeout, phase);
        try {
            cluster.startNodes();
            int leader = cluster.awaitLeader(spec.startTimeout());
            phase.accept("leader is n" + leader);
            env.faults.install();
            return env;
        } catch (ClusterException | InterruptedException e) {
            env.copyLogs();
            env.close();
            throw e;
        }
    }

    @Override
    public RunClock clock() {
        return RunClock.WALL;
    }

    @Override
    public FaultTarget faults() {
        return faults;
    }

    @Override
    public void drive(List<RunLoop.Client> clients, RunLoop.Faults nemesis, WorkloadEnd end)
            throws InterruptedException {
        List<Thread> threads = new ArrayList<>();
        for (RunLoop.Client c : clients) {
            SystemClient client = c.bound()
                    ? cluster.session().boundClient(opTimeout, c.node())
                    : cluster.session().client(opTimeout, c.node());
            threads.add(daemon("faultline-worker-" + c.index(),
                    new Worker(c.steps(), client, c.pacer(), () -> stopped || end.over(System.nanoTime()))));
        }
        Thread nemesisThread = daemon("faultline-nemesis", nemesis::play);
        threads.forEach(Thread::start);
        nemesisThread.start();
        boolean limitSeen = false;
        try {
            while (!end.over(System.nanoTime())) {
                long now = System.nanoTime();
                if (!limitSeen && end.limitReached(now)) {
                    nemesis.timeLimitReached();
                    limitSeen = true;
                }
                long untilLimit = (end.limitNanos() - now) / 1_000_000;
                Thread.sleep(untilLimit > 0 ? Math.min(1000, untilLimit) : 200);
                nemesis.progress();
            }
        } finally {
            stopped = true;
            nemesis.stop();
            long joinBy = System.nanoTime() + opTimeout.toNanos() * 2 + TimeUnit.SECONDS.toNanos(2);
            for (Thread t : threads) t.join(Math.max(1, (joinBy - System.nanoTime()) / 1_000_000));
            nemesisThread.join(TimeUnit.SECONDS.toMillis(30));
        }
    }

    private static Thread daemon(String name, Runnable body) {
        Thread t = new Thread(body, name);
        t.setDaemon(true);
        return t;
    }

    @Override
    public ClusterHealth.Recovery awaitRecovery(Duration timeout) throws InterruptedException {
        return cluster.health().awaitRecovery(timeout);
    }

    @Override
    public SystemClient client(int node) {
        return cluster.session().client(opTimeout, node);
    }

    @Override
    public List<String> safetyLines(SystemUnderTest system) {
        return SafetyLines.scan(nodesDir, system);
    }

    /** Copies every node's log into the run directory (again, if called again: the newest copy wins). */
    public void copyLogs() {
        for (String failure : cluster.copyLogs(nodesDir)) phase.accept("could not copy a node log: " + failure);
    }

    /** Removes the cluster and everything it made; safe to call twice. */
    @Override
    public void close() {
        cluster.close();
    }
}
