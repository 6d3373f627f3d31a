package io.faultline.kv.bench;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;

/**
 * A cluster of node processes on loopback, each a JVM of its own started from this
 * JVM's class path with the node image's JVM flags, so what a bench measures (and the
 * CPU the nodes spend) is what separate processes cost, not nodes sharing one JVM.
 */
final class NodeProcesses implements AutoCloseable {
    /** As docker/node/faultline-node starts a node. */
    static final List<String> JVM_FLAGS = List.of("-Xmx256m", "-XX:+UseSerialGC", "-XX:MetaspaceSize=64m");

    private final List<Process> processes = new ArrayList<>();

    NodeProcesses(SortedMap<Long, String> peers, SortedMap<Long, String> clients, Path dataRoot) throws IOException {
        Path root = dataRoot.toAbsolutePath(); // the nodes run in it: a relative path would nest
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        try {
            for (Map.Entry<Long, String> peer : peers.entrySet()) {
                long id = peer.getKey();
                List<String> command = new ArrayList<>(List.of(java));
                command.addAll(JVM_FLAGS);
                command.addAll(extraFlags(id));
                command.addAll(List.of("-cp", absoluteClassPath(), "io.faultline.node.NodeMain",
                        "--id", Long.toString(id), "--peers", join(peers), "--client-addresses", join(clients),
                        "--bind-host", "127.0.0.1", "--client-port", port(clients.get(id)),
                        "--peer-port", port(peer.getValue()), "--data-dir", root.resolve("n" + id).toString()));
                // Run in the data directory, so files a flag names (a flight recording) land there.
                processes.add(new ProcessBuilder(command).directory(root.toFile()).redirectErrorStream(true)
                        .redirectOutput(root.resolve("n" + id + ".log").toFile()).start());
            }
        } catch (IOException | RuntimeException e) {
            close();
            throw e;
        }
    }

    /**
     * Flags from {@code FAULTLINE_BENCH_NODE_JVM_FLAGS}, for profiling the nodes, e.g.
     * {@code -XX:StartFlightRecording=filename=%n.jfr}; {@code %n} becomes the node's name.
     */
    private static List<String> extraFlags(long id) {
        String flags = System.getenv("FAULTLINE_BENCH_NODE_JVM_FLAGS");
        if (flags == null || flags.isBlank()) return List.of();
        List<String> out = new ArrayList<>();
        for (String flag : flags.trim().split("\\s+")) out.add(flag.replace("%n", "n" + id));
        return out;
    }

    /** This JVM's class path with every entry absolute, as the nodes run in another directory. */
    private static String absoluteClassPath() {
        StringBuilder b = new StringBuilder();
        for (String entry : System.getProperty("java.class.path").split(java.io.File.pathSeparator)) {
            if (b.length() > 0) b.append(java.io.File.pathSeparatorChar);
            b.append(Path.of(entry).toAbsolutePath());
        }
        return b.toString();
    }

    /** CPU time (user and system, all threads) the node processes have used so far. */
    long cpuNanos() {
        long sum = 0;
        for (Process p : processes) sum += p.info().totalCpuDuration().map(Duration::toNanos).orElse(0L);
        return sum;
    }

    boolean cpuKnown() {
        return processes.stream().allMatch(p -> p.info().totalCpuDuration().isPresent());
    }

    private static String join(SortedMap<Long, String> addresses) {
        StringBuilder b = new StringBuilder();
        addresses.forEach((id, address) -> b.append(b.length() == 0 ? "" : ",").append(id).append('=').append(address));
        return b.toString();
    }

    private static String port(String address) {
        return address.substring(address.lastIndexOf(':') + 1);
    }

    @Override
    public void close() {
        // SIGTERM first, so a node's exit hooks (a flight recording's dump) run.
        for (Process p : processes) p.destroy();
        for (Process p : processes) {
            try {
                if (!p.waitFor(10, java.util.concurrent.TimeUnit.SECONDS)) p.destroyForcibly().waitFor();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
