package io.faultline.harness.ssh;

import static io.faultline.harness.cluster.NodeProcess.quoted;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ConnectException;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.EnumSet;
import java.util.Set;
import org.apache.sshd.client.SshClient;
import org.apache.sshd.client.channel.ChannelExec;
import org.apache.sshd.client.channel.ClientChannelEvent;
import org.apache.sshd.client.session.ClientSession;

/**
 * One host reached over SSH: commands run on it, files copied to it. Every action the
 * SSH environment takes on a host goes through here, so the harness never needs more than
 * sshd on a host (no Docker API, no agent).
 */
public final class SshHost implements AutoCloseable {
    /** What a command printed and how it exited. */
    public record Result(int exit, String out, String err) {
        public boolean ok() {
            return exit == 0;
        }

        /** The first line worth showing of why a command failed. */
        public String reason() {
            String text = (err.isBlank() ? out : err).strip();
            int nl = text.indexOf('\n');
            return (nl < 0 ? text : text.substring(0, nl)) + (text.isEmpty() ? "exit " + exit : "");
        }
    }

    private final HostAddress address;
    private final ClientSession session;
    private final Duration timeout;
    private volatile Boolean root;

    private SshHost(HostAddress address, ClientSession session, Duration timeout) {
        this.address = address;
        this.session = session;
        this.timeout = timeout;
    }

    /**
     * Connects and authenticates with the client's keys, or fails with the reason in words:
     * unreachable, host key not trusted, key refused.
     */
    public static SshHost connect(SshClient client, HostAddress address, Duration timeout) throws SshFailure {
        ClientSession session = null;
        try {
            session = client.connect(address.user(), address.host(), address.port()).verify(timeout).getSession();
            session.auth().verify(timeout);
            return new SshHost(address, session, timeout);
        } catch (IOException | RuntimeException e) {
            if (session != null) session.close(true);
            throw new SshFailure(address, why(e, address, session != null), e);
        }
    }

    public HostAddress address() {
        return address;
    }

    /** Runs {@code command} with {@code sh} as the SSH user; a command still running after the timeout is a failure. */
    public Result exec(String command) throws SshFailure {
        return exec(command, null, timeout);
    }

    /** As {@link #exec(String)}, with {@code stdin} fed to the command and its own time limit. */
    public Result exec(String command, InputStream stdin, Duration limit) throws SshFailure {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        try (ChannelExec ch = session.createExecChannel(command)) {
            ch.setOut(out);
            ch.setErr(err);
            ch.open().verify(limit);
            try (OutputStream in = ch.getInvertedIn()) {
                if (stdin != null) stdin.transferTo(in);
            }
            Set<ClientChannelEvent> ended = ch.waitFor(EnumSet.of(ClientChannelEvent.CLOSED), limit);
            if (ended.contains(ClientChannelEvent.TIMEOUT)) {
                throw new SshFailure(address, "`" + command + "` did not finish within " + limit.toSeconds() + " s", null);
            }
            Integer exit = ch.getExitStatus();
            return new Result(exit == null ? -1 : exit, out.toString(StandardCharsets.UTF_8),
                    err.toString(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new SshFailure(address, "`" + command + "`: " + e.getMessage(), e);
        }
    }

    /** Runs {@code command} as root: directly when the SSH user is root, else through {@code sudo -n}. */
    public Result asRoot(String command) throws SshFailure {
        return exec(isRoot() ? command : "sudo -n sh -c " + quoted(command));
    }

    /** Whether the SSH user is root (asked once). */
    public boolean isRoot() throws SshFailure {
        if (root == null) root = exec("id -u").out().strip().equals("0");
        return root;
    }

    /** Copies {@code local} to {@code remote} (whole or not at all: written beside, then renamed), with mode {@code mode}. */
    public void upload(Path local, String remote, String mode) throws SshFailure {
        String part = remote + ".part";
        try (InputStream in = Files.newInputStream(local)) {
            Result r = exec("cat > " + quoted(part) + " && chmod " + mode + " " + quoted(part) + " && mv " + quoted(part)
                    + " " + quoted(remote), in, timeout.multipliedBy(10));
            if (!r.ok()) throw new SshFailure(address, "cannot write " + remote + ": " + r.reason(), null);
        } catch (IOException e) {
            throw new SshFailure(address, "cannot read " + local + ": " + e.getMessage(), e);
        }
    }

    @Override
    public void close() {
        session.close(false);
    }

    /** A connection's failure in words a user can act on. */
    private static String why(Throwable e, HostAddress a, boolean connected) {
        for (Throwable c = e; c != null; c = c.getCause()) {
            if (c instanceof UnknownHostException) return "unknown host " + a.host();
            if (c instanceof ConnectException) return "unreachable: nothing answers on " + a.host() + ":" + a.port();
        }
        String m = String.valueOf(e.getMessage());
        if (m.contains("Server key did not validate")) {
            return "the host's key is not trusted (not in known_hosts; add it, e.g. with ssh-keyscan, or trust any with --ssh-host-keys any)";
        }
        if (m.toLowerCase(java.util.Locale.ROOT).contains("authentication") || m.contains("No more authentication methods")) {
            return "the key was refused for user " + a.user();
        }
        if (m.toLowerCase(java.util.Locale.ROOT).contains("timeout") || m.toLowerCase(java.util.Locale.ROOT).contains("timed out")) {
            return (connected ? "no SSH answer" : "unreachable") + " within the timeout (" + m + ")";
        }
        return m;
    }
}
