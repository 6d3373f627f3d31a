package io.faultline.harness.cluster;

import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
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
    private final ClusterSpec spec;
    private final String runId;
    private final Map<Integer, NodeContainer> nodes = new LinkedHashMap<>();
    private final Map<Integer, ManagedChannel> adminChannels = new LinkedHashMap<>();
    private final AtomicBoolean closed = new AtomicBoolean();
    private RunNetwork network;
    private ClusterHealth health;
    private boolean directAccess;

    private Cluster(ClusterSpec spec, String runId) {
        this.spec = spec;
        this.runId = runId;
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
        var swept = DockerResources.sweepCrashedRuns();
        if (swept.total() > 0) log.accept("removed leftovers of crashed runs: " + swept);
        try {
            DockerResources.client().inspectImageCmd(spec.image()).exec();
        } catch (com.github.dockerjava.api.exception.NotFoundException e) {
            throw new ClusterException("image " + spec.image() + " not found; build it with: bash docker/build-image.sh");
        }
        network = RunNetwork.create(runId);
        for (int id : spec.ids()) {
            String volume = "faultline-" + runId + "-" + ClusterSpec.hostName(id) + "-data";
            DockerResources.client().createVolumeCmd().withName(volume).withLabels(Labels.forRun(runId)).exec();
            nodes.put(id, new NodeContainer(id, spec, network.getId(), runId, volume));
        }
        parallel(NodeContainer::startContainer);
        log.accept("started " + nodes.size() + " containers on network faultline-" + runId);
        directAccess = DirectAccess.probe(nodes.values().iterator().next().privateIp(), ClusterSpec.CLIENT_PORT);
        log.accept(directAccess
                ? "clients reach the nodes at their private addresses"
                : "clients reach the nodes through ports published on 127.0.0.1");
        for (NodeContainer n : nodes.values()) {
            adminChannels.put(n.id(), ManagedChannelBuilder.forTarget(address(n)).usePlaintext().build());
        }
        health = new ClusterHealth(adminChannels);
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
        return directAccess ? n.privateIp() + ":" + ClusterSpec.CLIENT_PORT : n.clientAddress();
    }

    /** The Admin API of node {@code id}; the call must finish within {@code timeout}. */
    public io.faultline.kv.api.AdminGrpc.AdminBlockingStub admin(int id, java.time.Duration timeout) {
        ManagedChannel channel = adminChannels.get(id);
        if (channel == null) throw new IllegalArgumentException("no node " + id);
        return io.faultline.kv.api.AdminGrpc.newBlockingStub(channel)
                .withDeadlineAfter(timeout.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS);
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
        for (ManagedChannel c : adminChannels.values()) c.shutdownNow();
        for (ManagedChannel c : adminChannels.values()) {
            try {
                c.awaitTermination(1, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        // The label sweep removes containers, the network and the volumes in one go,
        // including anything a half-finished start left behind.
        DockerResources.removeRun(runId);
        if (network != null) network.close();
    }
}
