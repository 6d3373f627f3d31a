package io.faultline.harness.cluster;

import com.github.dockerjava.api.model.Bind;
import com.github.dockerjava.api.model.Capability;
import com.github.dockerjava.api.model.ContainerNetwork;
import com.github.dockerjava.api.model.ExposedPort;
import com.github.dockerjava.api.model.PortBinding;
import com.github.dockerjava.api.model.Ports;
import com.github.dockerjava.api.model.Volume;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.testcontainers.containers.Container.ExecResult;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.containers.Network;
import org.testcontainers.containers.wait.strategy.AbstractWaitStrategy;
import org.testcontainers.utility.DockerImageName;

/**
 * One node's container. The container itself only keeps a sleeping PID 1 (with
 * Docker's init reaping orphans); the node process is started and killed inside it
 * with {@code docker exec}, so that a kill/restart keeps the container, its
 * addresses, its mapped client port and its data volume.
 */
public final class NodeContainer {
    /** Regex for pkill that matches the node's JVM but never a shell that mentions it. */
    static final String NODE_PATTERN = "[i]o.faultline.node.NodeMain";
    static final String LOG_FILE = "/var/log/faultline/node.log";

    private final int id;
    private final ClusterSpec spec;
    private final GenericContainer<?> container;

    NodeContainer(int id, ClusterSpec spec, Network network, String runId, String volumeName) {
        this.id = id;
        this.spec = spec;
        Map<String, String> labels = Labels.forRun(runId);
        @SuppressWarnings("resource") // closed by stop()
        GenericContainer<?> c = new GenericContainer<>(DockerImageName.parse(spec.image()))
                .withNetwork(network)
                .withNetworkAliases(ClusterSpec.hostName(id))
                .withLabels(labels)
                .withExposedPorts(ClusterSpec.CLIENT_PORT)
                .waitingFor(new NoWait())
                .withCreateContainerCmdModifier(cmd -> {
                    // Testcontainers' own JVM shutdown hook removes every container of its
                    // session at Ctrl-C, racing our cleanup, which first copies the node
                    // logs. Without the session label our containers are ours alone to remove.
                    Map<String, String> own = new java.util.HashMap<>(cmd.getLabels() == null ? Map.of() : cmd.getLabels());
                    own.remove(org.testcontainers.DockerClientFactory.TESTCONTAINERS_SESSION_ID_LABEL);
                    cmd.withLabels(own);
                    cmd.withName("faultline-" + runId + "-" + ClusterSpec.hostName(id));
                    cmd.withHostName(ClusterSpec.hostName(id));
                    cmd.withEntrypoint("sleep", "infinity");
                    cmd.withCmd(List.of());
                    cmd.getHostConfig()
                            .withInit(true)
                            .withCapAdd(Capability.NET_ADMIN)
                            .withBinds(new Bind(volumeName, new Volume("/data")))
                            // Only the client port leaves the Docker network, and only to loopback.
                            .withPortBindings(new PortBinding(
                                    Ports.Binding.bindIp("127.0.0.1"), ExposedPort.tcp(ClusterSpec.CLIENT_PORT)));
                });
        this.container = c;
    }

    public int id() {
        return id;
    }

    public String name() {
        return ClusterSpec.hostName(id);
    }

    void startContainer() {
        container.start();
    }

    /** host:port of the node's client API as seen from the harness. */
    public String clientAddress() {
        return "127.0.0.1:" + container.getMappedPort(ClusterSpec.CLIENT_PORT);
    }

    /** The container's address on the run's private network. */
    public String privateIp() {
        Map<String, ContainerNetwork> networks =
                container.getContainerInfo().getNetworkSettings().getNetworks();
        return networks.values().stream()
                .map(ContainerNetwork::getIpAddress)
                .filter(ip -> ip != null && !ip.isEmpty())
                .findFirst()
                .orElseThrow(() -> new IllegalStateException(name() + " has no private address"));
    }

    public String containerId() {
        return container.getContainerId();
    }

    /** Runs a command in the container; a non-zero exit is an error. */
    public String exec(String... command) {
        ExecResult r = execResult(command);
        if (r.getExitCode() != 0) {
            throw new ClusterException(name() + ": `" + String.join(" ", command) + "` exited "
                    + r.getExitCode() + ": " + r.getStderr().strip());
        }
        return r.getStdout();
    }

    public ExecResult execResult(String... command) {
        try {
            return container.execInContainer(command);
        } catch (IOException e) {
            throw new ClusterException(name() + ": exec failed: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ClusterException(name() + ": interrupted during exec", e);
        }
    }

    /** Starts the node process (again) with the same data directory. */
    public void startNode() {
        String args = spec.nodeArgs(id).stream().map(NodeContainer::shellQuote).collect(Collectors.joining(" "));
        exec("sh", "-c", "echo \"=== faultline: node start $(date -u +%FT%T.%NZ)\" >>" + LOG_FILE
                + "; nohup /opt/faultline/bin/faultline-node " + args + " >>" + LOG_FILE + " 2>&1 </dev/null &");
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
        return execResult("pgrep", "-f", NODE_PATTERN).getExitCode() == 0;
    }

    private boolean signal(String signal) {
        ExecResult r = execResult("pkill", signal, "-f", NODE_PATTERN);
        if (r.getExitCode() > 1) {
            throw new ClusterException(name() + ": pkill " + signal + " failed: " + r.getStderr().strip());
        }
        return r.getExitCode() == 0;
    }

    /** Copies the node's log to {@code target}; false when there is none yet. */
    public boolean copyLog(Path target) {
        try {
            Files.createDirectories(target.getParent());
            Path tmp = target.resolveSibling(target.getFileName() + ".part");
            container.copyFileFromContainer(LOG_FILE, in -> Files.copy(in, tmp, StandardCopyOption.REPLACE_EXISTING));
            Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
            return true;
        } catch (Exception e) {
            return false;
        }
    }

    void stop() {
        container.stop();
    }

    static String shellQuote(String s) {
        return "'" + s.replace("'", "'\\''") + "'";
    }

    /** The container is ready as soon as it runs; readiness of the node is checked over gRPC. */
    private static final class NoWait extends AbstractWaitStrategy {
        @Override
        protected void waitUntilReady() {}
    }
}
