package io.faultline.harness.cluster;

import io.faultline.harness.system.Membership;
import io.faultline.harness.system.NodeStatus;
import io.faultline.harness.system.SystemSession;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;

/**
 * N node containers on a private network, every resource labelled with the run id.
 * {@link #close()} removes them all and is safe to call more than once and from a
 * shutdown hook.
 */
public final class Cluster implements AutoCloseable {
    private static final int START_FAILURE_LOG_LINES = 3;
    private final ClusterSpec spec;
    private final String runId;
    private final Map<Integer, NodeContainer> nodes = new LinkedHashMap<>();
    private final AtomicBoolean closed = new AtomicBoolean();
    private RunNetwork network;
    private SystemSession session;
    private ClusterHealth health;
    private boolean directAccess;

    /**
     * The run's name on the Docker engine: the run id and this process's pid. Two harness
     * processes sharing an engine (a nightly job beside CI) can start runs of the same
     * id in the same second (the id is a time stamp, workload and seed): their networks,
     * containers and cleanup labels must not be each other's.
     */
    private final String dockerName;

    private Cluster(ClusterSpec spec, String runId) {
        this.spec = spec;
        this.runId = runId;
        this.dockerName = dockerName(runId, ProcessHandle.current().pid());
    }

    /** The name (and {@link Labels#RUN} label) on the Docker engine of run {@code runId} started by process {@code pid}. */
    public static String dockerName(String runId, long pid) {
        return runId + "-p" + pid;
    }

    /** The same for a run of this process. */
    public static String dockerName(String runId) {
        return dockerName(runId, ProcessHandle.current().pid());
    }

    /**
     * Creates the network, volumes and containers and starts the node processes;
     * does not wait for a leader (see {@link #health()}). On failure everything
     * created so far is removed before the exception leaves.
     */
    public static Cluster start(ClusterSpec spec, String runId, Consumer<String> log) {
        Cluster cluster = new Cluster(spec, runId);
        try {
            cluster.create(log);
            return cluster;
        } catch (RuntimeException e) {
            boolean interrupted = Thread.interrupted(); // Docker calls of the cleanup must not see it
            cluster.close();
            if (interrupted) Thread.currentThread().interrupt();
            throw e instanceof ClusterException ? e : new ClusterException("cluster start failed: " + e.getMessage(), e);
        }
    }

    private void create(Consumer<String> log) {
        if (spec.powerLossFs()) PowerLossFs.hostProblem().ifPresent(why -> {
            throw new ClusterException(why);
        });
        var swept = DockerResources.sweepCrashedRuns();
        if (swept.total() > 0) log.accept("removed leftovers of crashed runs: " + swept);
        NodeImages.prepare(spec.system(), spec.image(), line -> log.accept("image: " + line));
        network = RunNetwork.create(dockerName);
        for (int id : spec.ids()) {
            String volume = "faultline-" + dockerName + "-" + Membership.hostName(id) + "-data";
            DockerResources.client().createVolumeCmd().withName(volume).withLabels(Labels.forRun(dockerName)).exec();
            nodes.put(id, new NodeContainer(id, spec, network.getId(), dockerName, volume));
        }
        parallel(NodeContainer::startContainer);
        log.accept("started " + nodes.size() + " containers on network faultline-" + dockerName);
        if (spec.powerLossFs()) {
            parallel(NodeContainer::mountPowerLossFs);
            log.accept("data volumes mounted on the power-loss file system (" + PowerLossFs.BINARY + ")");
        }
        directAccess = DirectAccess.probe(nodes.values().iterator().next().privateIp(),
                spec.system().layout().clientPort());
        log.accept(directAccess
                ? "clients reach the nodes at their private addresses"
                : "clients reach the nodes through ports published on 127.0.0.1");
        session = spec.system().connect(clientAddresses());
        health = new ClusterHealth(session::statuses);
    }

    /**
     * Runs {@code action} on every node at once (container starts are slow one by
     * one). An interrupt does not cut the actions short: a half-created container
     * would escape the cleanup, so they finish first and the interrupt is passed on.
     */
    public void parallel(Consumer<NodeContainer> action) {
        ExecutorService pool = Executors.newFixedThreadPool(nodes.size());
        try {
            List<Future<?>> futures = new ArrayList<>();
            for (NodeContainer n : nodes.values()) futures.add(pool.submit(() -> action.accept(n)));
            boolean interrupted = false;
            RuntimeException failure = null;
            for (Future<?> f : futures) {
                while (true) {
                    try {
                        f.get();
                        break;
                    } catch (InterruptedException e) {
                        interrupted = true;
                    } catch (java.util.concurrent.ExecutionException e) {
                        Throwable cause = e.getCause();
                        if (failure == null) {
                            failure = cause instanceof RuntimeException r ? r : new ClusterException(cause.toString(), cause);
                        }
                        break;
                    }
                }
            }
            if (interrupted) {
                Thread.currentThread().interrupt();
                if (failure == null) failure = new ClusterException("interrupted");
            }
            if (failure != null) throw failure;
        } finally {
            pool.shutdown();
        }
    }

    public void startNodes() {
        parallel(NodeContainer::startNode);
    }

    /**
     * Waits for the first leader. A member whose process is gone meanwhile stops the
     * wait at once, with that member's last log lines: a node that refuses its
     * command line should cost seconds, not the whole start timeout.
     */
    public int awaitLeader(java.time.Duration timeout) throws InterruptedException {
        return health.awaitLeader(timeout, this::deadMember);
    }

    /** A member whose process is not running, with its last log lines; empty when all run. */
    private java.util.Optional<String> deadMember() {
        for (NodeContainer n : nodes.values()) {
            if (!n.nodeRunning()) {
                String tail = n.logSinceStart(START_FAILURE_LOG_LINES);
                return java.util.Optional.of(n.name() + " exited during start"
                        + (tail.isEmpty() ? " (its log is empty)" : "; its log:\n" + tail.indent(2).stripTrailing()));
            }
        }
        return java.util.Optional.empty();
    }

    public ClusterSpec spec() {
        return spec;
    }

    public String runId() {
        return runId;
    }

    public List<NodeContainer> nodes() {
        return List.copyOf(nodes.values());
    }

    public NodeContainer node(int id) {
        NodeContainer n = nodes.get(id);
        if (n == null) throw new IllegalArgumentException("no node " + id);
        return n;
    }

    /**
     * Client addresses by node id, reachable from the harness: the private address
     * where the host can route to the Docker network (Linux), else the port
     * published on loopback. The private address is preferred because a dead node
     * there refuses the connection — a definite "not sent" — while Docker's port
     * proxy accepts it and then drops it, which a client cannot tell from a
     * request lost mid-flight.
     */
    public Map<Integer, String> clientAddresses() {
        Map<Integer, String> out = new LinkedHashMap<>();
        for (NodeContainer n : nodes.values()) out.put(n.id(), address(n));
        return out;
    }

    private String address(NodeContainer n) {
        return directAccess ? n.privateIp() + ":" + spec.system().layout().clientPort() : n.clientAddress();
    }

    /** The harness's connection to the system: statuses, worker clients, crash points. */
    public SystemSession session() {
        return session;
    }

    public ClusterHealth health() {
        return health;
    }

    /** Copies every node's log to {@code dir}/n&lt;id&gt;.log; best effort, returns what failed and why. */
    public List<String> copyLogs(Path dir) {
        List<String> failed = new ArrayList<>();
        for (NodeContainer n : nodes.values()) n.copyLog(dir.resolve(n.name() + ".log")).ifPresent(failed::add);
        return failed;
    }

    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) return;
        if (session != null) session.close();
        // The label sweep removes containers, the network and the volumes in one go,
        // including anything a half-finished start left behind.
        DockerResources.removeRun(dockerName);
        if (network != null) network.close();
    }
}
