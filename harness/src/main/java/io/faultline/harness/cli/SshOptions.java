package io.faultline.harness.cli;

import io.faultline.harness.ssh.HostAddress;
import io.faultline.harness.ssh.Hosts;
import io.faultline.harness.ssh.SshClients;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import picocli.CommandLine.Option;

/** Where the nodes run when not in Docker: hosts reached by SSH, and how to sign in (docs/scale.md). */
final class SshOptions {
    @Option(names = "--hosts", paramLabel = "HOST,...",
            description = "Run on these hosts over SSH instead of Docker, one node on each, in order: "
                    + "[name=][user@]host[:port], comma-separated; the nodes call each other by name (docs/scale.md). "
                    + "--nodes is their number. Default: Docker on this machine.")
    String hosts;

    @Option(names = "--hosts-file", paramLabel = "FILE",
            description = "As --hosts, one host a line (# starts a comment).")
    Path hostsFile;

    @Option(names = "--ssh-user", defaultValue = "root",
            description = "SSH user of the hosts without user@ (root, or one with password-less sudo). "
                    + "Default: ${DEFAULT-VALUE}.")
    String user;

    @Option(names = "--ssh-port", defaultValue = "22", description = "SSH port of the hosts without :port. "
            + "Default: ${DEFAULT-VALUE}.")
    int port;

    @Option(names = "--ssh-key", paramLabel = "FILE",
            description = "Private key to sign in with. Default: ~/.ssh/id_ed25519, else ~/.ssh/id_ecdsa, else ~/.ssh/id_rsa.")
    Path key;

    @Option(names = "--ssh-host-keys", defaultValue = "known", paramLabel = "known|any",
            description = "Which host keys to trust: known (those in --ssh-known-hosts) or any (hosts made fresh "
                    + "for a test). Default: ${DEFAULT-VALUE}.")
    String hostKeys;

    @Option(names = "--ssh-known-hosts", paramLabel = "FILE",
            description = "The trusted host keys. Default: ~/.ssh/known_hosts.")
    Path knownHosts;

    /** The hosts, when given; IllegalArgumentException with the option's words for bad input. */
    Optional<Hosts> hosts() {
        if (hosts != null && hostsFile != null) throw new IllegalArgumentException("--hosts and --hosts-file: give one");
        String list = hosts;
        if (hostsFile != null) {
            try {
                list = Files.readAllLines(hostsFile).stream().map(l -> l.replaceFirst("#.*", "").trim())
                        .filter(l -> !l.isEmpty()).collect(Collectors.joining(","));
            } catch (IOException e) {
                throw new IllegalArgumentException("--hosts-file " + hostsFile + ": " + e.getMessage());
            }
        }
        if (list == null) return Optional.empty();
        List<HostAddress> addresses = HostAddress.parseList(list, user, port);
        SshClients.HostKeys trust;
        try {
            trust = SshClients.HostKeys.valueOf(hostKeys.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("--ssh-host-keys " + hostKeys + ": known or any");
        }
        Path home = Path.of(System.getProperty("user.home"), ".ssh");
        Path k = key != null ? key : Stream.of("id_ed25519", "id_ecdsa", "id_rsa").map(home::resolve)
                .filter(Files::isReadable).findFirst().orElseThrow(() -> new IllegalArgumentException(
                        "no --ssh-key, and no ~/.ssh/id_ed25519, id_ecdsa or id_rsa"));
        if (!Files.isReadable(k)) throw new IllegalArgumentException("--ssh-key " + k + ": no such readable file");
        Path known = trust == SshClients.HostKeys.KNOWN ? (knownHosts != null ? knownHosts : home.resolve("known_hosts"))
                : knownHosts;
        return Optional.of(new Hosts(addresses, k, trust, known));
    }
}
