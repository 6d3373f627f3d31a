package io.faultline.harness.ssh;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.model.Capability;
import com.github.dockerjava.api.model.ExposedPort;
import com.github.dockerjava.api.model.HostConfig;
import com.github.dockerjava.api.model.PortBinding;
import com.github.dockerjava.api.model.Ports;
import io.faultline.harness.cluster.DockerResources;
import io.faultline.harness.cluster.Labels;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import org.apache.sshd.common.config.keys.PublicKeyEntry;

/**
 * Hosts for tests: containers of the ssh-host image (docker/build-ssh-host-image.sh) on
 * one Docker network, each named h1, h2, … there, its sshd published on a loopback port.
 * The fixture uses Docker to make and remove them; what is tested reaches them by SSH only.
 */
final class SshHostContainers implements AutoCloseable {
    static final String IMAGE = System.getenv().getOrDefault("FAULTLINE_SSH_HOST_IMAGE", "faultline-ssh-host:bookworm");

    private final String run;
    private final List<String> containers = new ArrayList<>();
    private final List<HostAddress> addresses = new ArrayList<>();
    private final List<HostAddress> onNetwork = new ArrayList<>();
    private final Path key;
    private final KeyPair keys;

    private SshHostContainers(String run, Path key, KeyPair keys) {
        this.run = run;
        this.key = key;
        this.keys = keys;
    }

    /** Builds the image when missing, then starts {@code count} hosts that accept a fresh key (written under {@code dir}). */
    static SshHostContainers start(int count, Path dir) throws Exception {
        return start(count, dir, false);
    }

    /**
     * As {@link #start(int, Path)}; with {@code fuse} the hosts get /dev/fuse and what mounting a
     * FUSE file system needs (SYS_ADMIN, no AppArmor confinement), as a real host has.
     */
    static SshHostContainers start(int count, Path dir, boolean fuse) throws Exception {
        buildImage();
        KeyPair keys = rsa();
        Path key = writePrivateKey(keys, dir.resolve("id_test"));
        SshHostContainers hosts = new SshHostContainers("it-ssh-" + ProcessHandle.current().pid() + "-"
                + System.nanoTime() % 100000, key, keys);
        try {
            hosts.create(count, fuse);
        } catch (Exception e) {
            hosts.close();
            throw e;
        }
        return hosts;
    }

    /** The hosts as {@code --hosts} names them: {@code hN=root@localhost:PORT}. */
    List<HostAddress> addresses() {
        return List.copyOf(addresses);
    }

    /** The private key the hosts accept. */
    Path key() {
        return key;
    }

    /** A key pair the hosts do not accept, written to {@code file}. */
    static Path strangerKey(Path file) throws Exception {
        return writePrivateKey(rsa(), file);
    }

    /**
     * The hosts as a real cluster's are reached: {@code hN=root@ADDRESS:22} by their address on
     * their network (this machine routes to it), so their nodes' client ports are reachable too.
     */
    List<HostAddress> networkAddresses() {
        return List.copyOf(onNetwork);
    }

    private void create(int count, boolean fuse) throws Exception {
        DockerClient docker = DockerResources.client();
        String network = docker.createNetworkCmd().withName("faultline-" + run).withLabels(Labels.forRun(run)).exec().getId();
        String publicKey = PublicKeyEntry.toString(keys.getPublic());
        for (int i = 1; i <= count; i++) {
            String name = "h" + i;
            String id = docker.createContainerCmd(IMAGE)
                    .withName("faultline-" + run + "-" + name)
                    .withHostName(name)
                    .withLabels(Labels.forRun(run))
                    .withEnv("SSH_AUTHORIZED_KEY=" + publicKey)
                    .withExposedPorts(ExposedPort.tcp(22))
                    .withHostConfig(withFuse(HostConfig.newHostConfig()
                            .withNetworkMode(network)
                            .withPortBindings(new PortBinding(Ports.Binding.bindIp("127.0.0.1"), ExposedPort.tcp(22))), fuse))
                    .withAliases(name)
                    .exec().getId();
            containers.add(id);
            docker.startContainerCmd(id).exec();
            Ports.Binding[] bound = docker.inspectContainerCmd(id).exec().getNetworkSettings().getPorts().getBindings()
                    .get(ExposedPort.tcp(22));
            int port = Integer.parseInt(bound[0].getHostPortSpec());
            addresses.add(new HostAddress(name, "localhost", port, "root"));
            String ip = docker.inspectContainerCmd(id).exec().getNetworkSettings().getNetworks().values().iterator().next()
                    .getIpAddress();
            onNetwork.add(new HostAddress(name, ip, 22, "root"));
        }
    }

    private static HostConfig withFuse(HostConfig config, boolean fuse) {
        if (!fuse) return config.withCapAdd(Capability.NET_ADMIN);
        return config.withCapAdd(Capability.NET_ADMIN, Capability.SYS_ADMIN)
                .withDevices(com.github.dockerjava.api.model.Device.parse("/dev/fuse"))
                .withSecurityOpts(List.of("apparmor=unconfined"));
    }

    @Override
    public void close() {
        DockerResources.removeRun(run);
    }

    /** The labelled resources of these hosts still on the engine (0 once closed). */
    int leftovers() {
        return DockerResources.count(Labels.RUN, run).total();
    }

    private static void buildImage() throws IOException, InterruptedException {
        Path root = Path.of("").toAbsolutePath();
        while (root != null && !Files.exists(root.resolve("docker/build-ssh-host-image.sh"))) root = root.getParent();
        if (root == null) throw new IllegalStateException("docker/build-ssh-host-image.sh not found above " + Path.of("").toAbsolutePath());
        Process p = new ProcessBuilder("bash", root.resolve("docker/build-ssh-host-image.sh").toString(), IMAGE)
                .inheritIO().start();
        if (p.waitFor() != 0) throw new IllegalStateException("building " + IMAGE + " failed");
    }

    private static KeyPair rsa() throws Exception {
        KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
        g.initialize(2048);
        return g.generateKeyPair();
    }

    /** PKCS#8 PEM, which OpenSSH and the SSH client here both read. */
    private static Path writePrivateKey(KeyPair keys, Path file) throws IOException {
        String pem = "-----BEGIN PRIVATE KEY-----\n"
                + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(keys.getPrivate().getEncoded())
                + "\n-----END PRIVATE KEY-----\n";
        Files.createDirectories(file.getParent());
        Files.writeString(file, pem);
        return file;
    }
}
