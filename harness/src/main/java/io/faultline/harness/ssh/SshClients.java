package io.faultline.harness.ssh;

import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.sshd.client.SshClient;
import org.apache.sshd.client.keyverifier.AcceptAllServerKeyVerifier;
import org.apache.sshd.client.keyverifier.KnownHostsServerKeyVerifier;
import org.apache.sshd.client.keyverifier.RejectAllServerKeyVerifier;
import org.apache.sshd.common.keyprovider.FileKeyPairProvider;

/** The SSH client of a run: the user's key, and which host keys it trusts. */
public final class SshClients {
    private SshClients() {}

    /** Which host keys are trusted. */
    public enum HostKeys {
        /** Only those in the known_hosts file (OpenSSH's own default). */
        KNOWN,
        /** Any (hosts made fresh for a test, whose keys are new each time). */
        ANY
    }

    /** A started client that signs in with {@code key} and trusts host keys as {@code hostKeys} says. */
    public static SshClient start(Path key, HostKeys hostKeys, Path knownHosts) {
        if (!Files.isReadable(key)) throw new IllegalArgumentException("--ssh-key " + key + ": no such readable file");
        SshClient client = SshClient.setUpDefaultClient();
        client.setKeyIdentityProvider(new FileKeyPairProvider(key));
        client.setServerKeyVerifier(hostKeys == HostKeys.ANY ? AcceptAllServerKeyVerifier.INSTANCE
                : new KnownHostsServerKeyVerifier(RejectAllServerKeyVerifier.INSTANCE, knownHosts));
        client.start();
        return client;
    }
}
