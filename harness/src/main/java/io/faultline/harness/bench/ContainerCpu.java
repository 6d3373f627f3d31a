package io.faultline.harness.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.OptionalLong;

/**
 * The CPU time a Docker container has used so far, from its cgroup: all of its
 * processes and threads, user and system, whatever runs inside (a JVM, etcd).
 * Knows cgroup v1 (cpuacct, nanoseconds) and v2 (cpu.stat, microseconds) under
 * the cgroupfs and systemd drivers; empty where none of them is found.
 */
final class ContainerCpu {
    private static final Path ROOT = Path.of("/sys/fs/cgroup");

    private ContainerCpu() {}

    static OptionalLong nanos(String containerId) {
        for (Path v1 : List.of(ROOT.resolve("cpuacct/docker/" + containerId + "/cpuacct.usage"),
                ROOT.resolve("cpu,cpuacct/docker/" + containerId + "/cpuacct.usage"),
                ROOT.resolve("cpuacct/system.slice/docker-" + containerId + ".scope/cpuacct.usage"))) {
            OptionalLong n = read(v1).map(s -> OptionalLong.of(Long.parseLong(s.strip()))).orElse(OptionalLong.empty());
            if (n.isPresent()) return n;
        }
        for (Path v2 : List.of(ROOT.resolve("system.slice/docker-" + containerId + ".scope/cpu.stat"),
                ROOT.resolve("docker/" + containerId + "/cpu.stat"))) {
            var stat = read(v2);
            if (stat.isEmpty()) continue;
            for (String line : stat.get().split("\n")) {
                if (line.startsWith("usage_usec ")) return OptionalLong.of(Long.parseLong(line.substring(11).strip()) * 1000);
            }
        }
        return OptionalLong.empty();
    }

    /** The CPU time of all of {@code containerIds} together; empty when any is unknown. */
    static OptionalLong total(List<String> containerIds) {
        long sum = 0;
        for (String id : containerIds) {
            OptionalLong n = nanos(id);
            if (n.isEmpty()) return OptionalLong.empty();
            sum += n.getAsLong();
        }
        return OptionalLong.of(sum);
    }

    private static java.util.Optional<String> read(Path file) {
        try {
            return java.util.Optional.of(Files.readString(file));
        } catch (IOException | RuntimeException e) {
            return java.util.Optional.empty();
        }
    }
}
