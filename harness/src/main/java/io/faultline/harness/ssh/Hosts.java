package io.faultline.harness.ssh;

import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import org.apache.sshd.client.SshClient;

/**
 * The hosts a run's nodes go on, one node each in order, and how to sign in to them.
 *
 * @param knownHosts the trusted host keys (with {@link SshClients.HostKeys#KNOWN})
 */
public record Hosts(List<HostAddress> addresses, Path key, SshClients.HostKeys hostKeys, Path knownHosts) {
    public Hosts {
        addresses = List.copyOf(addresses);
        if (addresses.isEmpty()) throw new IllegalArgumentException("--hosts names no host");
    }

    /** A started client for them; stop it when done. */
    public SshClient client() {
        return SshClients.start(key, hostKeys, knownHosts);
    }

    /** As {@code --hosts} takes them back: every host with its name, user and port. */
    public String spelled() {
        return addresses.stream().map(HostAddress::toString).collect(Collectors.joining(","));
    }
}
