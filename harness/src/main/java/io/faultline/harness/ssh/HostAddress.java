package io.faultline.harness.ssh;

import java.util.ArrayList;
import java.util.List;

/**
 * Where a host's sshd answers: {@code [name=][user@]host[:port]}, the user and port
 * defaulting to the command's {@code --ssh-user} and {@code --ssh-port}.
 *
 * @param name how the host is called in reports and by its peers in the cluster: the host,
 *             unless given before an {@code =} (a host reached through a forwarded port,
 *             {@code h1=root@localhost:2201}, is still {@code h1} to the others)
 */
public record HostAddress(String name, String host, int port, String user) {
    public HostAddress {
        if (host == null || host.isBlank()) throw new IllegalArgumentException("a host needs a name or address");
        if (port < 1 || port > 65535) throw new IllegalArgumentException(host + ": port " + port + " is not 1..65535");
        if (user == null || user.isBlank()) throw new IllegalArgumentException(host + ": no SSH user");
    }

    /** Parses a comma list such as {@code h1,root@h2,h3:2222}. */
    public static List<HostAddress> parseList(String text, String defaultUser, int defaultPort) {
        List<HostAddress> out = new ArrayList<>();
        for (String raw : text.split(",")) {
            String t = raw.trim();
            if (t.isEmpty()) continue;
            String name = null;
            int eq = t.indexOf('=');
            if (eq >= 0) {
                name = t.substring(0, eq).trim();
                t = t.substring(eq + 1).trim();
                if (name.isEmpty()) throw new IllegalArgumentException("--hosts " + raw.trim() + ": an empty name before =");
            }
            String user = defaultUser;
            int at = t.lastIndexOf('@');
            if (at >= 0) {
                user = t.substring(0, at);
                t = t.substring(at + 1);
            }
            int port = defaultPort;
            int colon = t.lastIndexOf(':');
            if (colon >= 0 && t.indexOf(':') == colon) { // one colon: host:port (an IPv6 address has several)
                try {
                    port = Integer.parseInt(t.substring(colon + 1));
                } catch (NumberFormatException e) {
                    throw new IllegalArgumentException("--hosts " + raw.trim() + ": the port is not a number");
                }
                t = t.substring(0, colon);
            }
            HostAddress a = new HostAddress(name != null ? name : t, t, port, user);
            if (out.stream().anyMatch(o -> o.host.equals(a.host) && o.port == a.port)) {
                throw new IllegalArgumentException("--hosts names " + a.host + ":" + a.port + " twice");
            }
            if (out.stream().anyMatch(o -> o.name.equals(a.name))) {
                throw new IllegalArgumentException("--hosts names two hosts " + a.name);
            }
            out.add(a);
        }
        if (out.isEmpty()) throw new IllegalArgumentException("--hosts names no host");
        return List.copyOf(out);
    }

    @Override
    public String toString() {
        return (name.equals(host) ? "" : name + "=") + user + "@" + host + ":" + port;
    }
}
