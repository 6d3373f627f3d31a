package io.faultline.harness.cluster;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.async.ResultCallback;
import com.github.dockerjava.api.command.InspectContainerResponse;
import com.github.dockerjava.api.model.Bind;
import com.github.dockerjava.api.model.Capability;
import com.github.dockerjava.api.model.ContainerNetwork;
import com.github.dockerjava.api.model.ExposedPort;
import com.github.dockerjava.api.model.Frame;
import com.github.dockerjava.api.model.HostConfig;
import com.github.dockerjava.api.model.PortBinding;
import com.github.dockerjava.api.model.Ports;
import com.github.dockerjava.api.model.StreamType;
import com.github.dockerjava.api.model.Volume;
import io.faultline.harness.system.Membership;
import io.faultline.harness.system.NodeLayout;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;

/**
 * One node's container. The container itself only keeps a sleeping PID 1 (with
 * Docker's init reaping orphans); the node process is started and killed inside it
 * with {@code docker exec}, so that a kill/restart keeps the container, its
 * addresses, its mapped client port and its data volume.
 *
 * <p>Containers are made with the Docker API directly rather than Testcontainers'
 * GenericContainer: Testcontainers' JVM shutdown hook removes the containers of its
 * session at Ctrl-C, racing the run's own cleanup, which copies the node logs first.
 */
public final class NodeContainer {
    private static final long EXEC_TIMEOUT_SECONDS = 60;

    /**
     * Starts the line written to the node's log, followed by the time (UTC, nanoseconds), just
     * before each start of the node process: the log's restarts are marked and timed by it.
     */
    public static final String START_MARKER = NodeProcess.START_MARKER;

    /** What a command in the container printed and how it exited. */
    public record ExecResult(int exitCode, String stdout, String stderr) {}

    private final int id;
    private final ClusterSpec spec;
    private final String runId;
    private final String networkId;
    private final String volumeName;
    private final NodeLayout layout;
    private volatile String containerId;
    private volatile InspectContainerResponse info;
    /** How many fresh members have taken this place (0: the original one); see {@link #replaceNode}. */
    private volatile int generation;
    /** The command of the member here now; null: the original one's ({@link ClusterSpec#command}). */
    private volatile List<String> command;

    NodeContainer(int id, ClusterSpec spec, String networkId, String runId, String volumeName) {
        this.id = id;
        this.spec = spec;
        this.runId = runId;
        this.networkId = networkId;
        this.volumeName = volumeName;
        this.layout = spec.system().layout();
    }

    public int id() {
        return id;
    }

    public String name() {
        return Membership.hostName(id);
    }

    private static DockerClient docker() {
        return DockerResources.client();
    }

    void startContainer() {
        ExposedPort client = ExposedPort.tcp(layout.clientPort());
        HostConfig host = HostConfig.newHostConfig()
                .withInit(true)
                .withCapAdd(Capability.NET_ADMIN)
                .withNetworkMode(networkId)
                .withBinds(new Bind(volumeName, new Volume(NodeLayout.DATA_VOLUME)))
                // Only the client port leaves the Docker network, and only to loopback.
                .withPortBindings(new PortBinding(Ports.Binding.bindIp("127.0.0.1"), client));
        if (spec.powerLossFs()) {
            // A FUSE mount inside the container: the device, the right to mount, and no AppArmor profile
            // (Docker's default one forbids mount). Only runs that ask for power loss get them.
            host.withDevices(com.github.dockerjava.api.model.Device.parse(PowerLossFs.DEVICE))
                    .withCapAdd(Capability.NET_ADMIN, Capability.SYS_ADMIN)
                    .withSecurityOpts(List.of("apparmor=unconfined"));
        }
        containerId = docker().createContainerCmd(spec.image())
                .withName("faultline-" + runId + "-" + name())
                .withHostName(name())
                .withAliases(name())
                .withEntrypoint("sleep", "infinity")
                .withCmd(java.util.List.of())
                .withLabels(Labels.forRun(runId))
                .withExposedPorts(client)
                .withHostConfig(host)
                .exec()
                .getId();
        docker().startContainerCmd(containerId).exec();
        info = docker().inspectContainerCmd(containerId).exec();
    }

    /** host:port of the node's client API as seen from the harness. */
    public String clientAddress() {
        Ports.Binding[] b = info.getNetworkSettings().getPorts().getBindings().get(ExposedPort.tcp(layout.clientPort()));
        if (b == null || b.length == 0) throw new ClusterException(name() + ": client port is not published");
        return "127.0.0.1:" + b[0].getHostPortSpec();
    }

    /** The container's address on the run's private network. */
    public String privateIp() {
        Map<String, ContainerNetwork> networks = info.getNetworkSettings().getNetworks();
        return networks.values().stream()
                .map(ContainerNetwork::getIpAddress)
                .filter(ip -> ip != null && !ip.isEmpty())
                .findFirst()
                .orElseThrow(() -> new IllegalStateException(name() + " has no private address"));
    }

    public String containerId() {
        return containerId;
    }

    /** Runs a command in the container; a non-zero exit is an error. */
    public String exec(String... command) {
        ExecResult r = execResult(command);
        if (r.exitCode() != 0) {
            throw new ClusterException(name() + ": `" + String.join(" ", command) + "` exited "
                    + r.exitCode() + ": " + r.stderr().strip());
        }
        return r.stdout();
    }

    public ExecResult execResult(String... command) {
        String exec = docker().execCreateCmd(containerId).withCmd(command)
                .withAttachStdout(true).withAttachStderr(true).exec().getId();
        StringBuilder out = new StringBuilder();
        StringBuilder err = new StringBuilder();
        try (ResultCallback.Adapter<Frame> cb = docker().execStartCmd(exec).exec(new ResultCallback.Adapter<>() {
            @Override
            public void onNext(Frame frame) {
                String text = new String(frame.getPayload(), StandardCharsets.UTF_8);
                synchronized (out) {
                    (frame.getStreamType() == StreamType.STDERR ? err : out).append(text);
                }
            }
        })) {
            if (!cb.awaitCompletion(EXEC_TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                throw new ClusterException(name() + ": `" + String.join(" ", command) + "` did not finish in "
                        + EXEC_TIMEOUT_SECONDS + " s");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ClusterException(name() + ": interrupted during exec", e);
        } catch (java.io.IOException e) {
            throw new ClusterException(name() + ": exec failed: " + e.getMessage(), e);
        }
        Long code = docker().inspectExecCmd(exec).exec().getExitCodeLong();
        synchronized (out) {
            return new ExecResult(code == null ? -1 : code.intValue(), out.toString(), err.toString());
        }
    }

    /**
     * Mounts the power-loss file system over the data volume, before the node first starts: every
     * write of the node under it is then held until synced. Refused clearly when the image lacks it.
     */
    void mountPowerLossFs() {
        if (execResult("test", "-x", PowerLossFs.BINARY).exitCode() != 0) {
            throw new ClusterException(name() + ": image " + spec.image() + " has no " + PowerLossFs.BINARY
                    + "; rebuild it (bash docker/build-image.sh, or docker/build-etcd-image.sh for etcd)");
        }
        exec(PowerLossFs.mount(NodeLayout.DATA_VOLUME));
    }

    /**
     * A command to the power-loss file system ({@code stats}, {@code flush}, {@code drop all},
     * {@code drop suffix SEED}); returns its answer (first line "ok ...", then one line per file).
     */
    public String powerLossFs(String... words) {
        return exec(PowerLossFs.control(words));
    }

    /** Starts the node process (again) with the same data directory; its output goes to the log file. */
    public void startNode() {
        exec("sh", "-c", NodeProcess.start(this.command != null ? this.command : spec.command(id), layout.logFile()));
    }

    /**
     * What the node printed since it was last started: the first and last
     * {@code lines} lines (an error line usually comes first, a usage text after it).
     * Empty when the log cannot be read.
     */
    public String logSinceStart(int lines) {
        ExecResult r = execResult("awk", NodeProcess.sinceStart(lines), layout.logFile());
        return r.exitCode() == 0 ? r.stdout().strip() : "";
    }

    /** The node's whole log as it is now (every start of the process in it). */
    public List<String> logLines() {
        return exec("cat", layout.logFile()).lines().toList();
    }

    /** How many fresh members have taken this place (0: the original one). */
    public int generation() {
        return generation;
    }

    /**
     * Makes room for a fresh member here: kills the node process and empties its data
     * directory (the volume stays; the log file, elsewhere, goes on).
     */
    public void wipeNode() {
        killAndAwaitExit(KILL_EXIT_TIMEOUT);
        String dir = shellQuote(layout.dataDir());
        exec("sh", "-c", "mkdir -p " + dir + " && find " + dir + " -mindepth 1 -delete");
    }

    /** Starts a fresh member here, the place's {@code newGeneration}-th; every later restart runs its {@code newCommand}. */
    public void startNode(int newGeneration, List<String> newCommand) {
        this.generation = newGeneration;
        this.command = List.copyOf(newCommand);
        startNode();
    }

    private static void sleepQuietly(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** How long a SIGKILLed node process may take to be gone (a loaded machine reaps slowly). */
    public static final java.time.Duration KILL_EXIT_TIMEOUT = java.time.Duration.ofSeconds(20);

    /**
     * SIGKILL, then waits until the process is gone: what follows (dropping its unsynced writes,
     * deleting its data) must not race a write it had under way. ClusterException when it is not
     * gone within {@code timeout}.
     */
    public void killAndAwaitExit(java.time.Duration timeout) {
        killNode();
        long deadline = System.nanoTime() + timeout.toNanos();
        while (nodeRunning()) {
            if (System.nanoTime() > deadline) {
                throw new ClusterException(name() + " still runs " + timeout.toSeconds() + " s after SIGKILL");
            }
            sleepQuietly(50);
            if (Thread.currentThread().isInterrupted()) throw new ClusterException(name() + ": interrupted while killing it");
        }
    }

    /** SIGKILL of the node process; true when a process was found. */
    public boolean killNode() {
        return signal("-KILL");
    }

    public boolean pauseNode() {
        return signal("-STOP");
    }

    public boolean resumeNode() {
        return signal("-CONT");
    }

    public boolean nodeRunning() {
        return execResult("pgrep", "-f", layout.processPattern()).exitCode() == 0;
    }

    private boolean signal(String signal) {
        ExecResult r = execResult("pkill", signal, "-f", layout.processPattern());
        if (r.exitCode() > 1) {
            throw new ClusterException(name() + ": pkill " + signal + " failed: " + r.stderr().strip());
        }
        return r.exitCode() == 0;
    }

    /** Copies the node's log to {@code target}; the reason when it could not. */
    public Optional<String> copyLog(Path target) {
        try (InputStream tar = docker().copyArchiveFromContainerCmd(containerId, layout.logFile()).exec();
             TarArchiveInputStream in = new TarArchiveInputStream(tar)) {
            if (in.getNextEntry() == null) return Optional.of(name() + ": empty archive for " + layout.logFile());
            Files.createDirectories(target.getParent());
            Path tmp = target.resolveSibling(target.getFileName() + ".part");
            Files.copy(in, tmp, StandardCopyOption.REPLACE_EXISTING);
            Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
            return Optional.empty();
        } catch (Exception e) {
            return Optional.of(name() + ": " + e);
        }
    }

    static String shellQuote(String s) {
        return NodeProcess.quoted(s);
    }
}
