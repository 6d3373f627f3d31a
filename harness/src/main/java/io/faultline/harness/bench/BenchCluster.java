package io.faultline.harness.bench;

import io.faultline.harness.cluster.Cluster;
import io.faultline.harness.cluster.ClusterSpec;
import io.faultline.harness.system.SystemUnderTest;
import java.io.PrintStream;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/**
 * A bench's 3-node cluster of one system: started, led, handed to the bench, and removed
 * afterwards, also when the JVM is stopped meanwhile (Ctrl-C).
 */
final class BenchCluster {
    static final int NODES = 3;
    static final Duration START_TIMEOUT = Duration.ofSeconds(60);

    /** What a bench does with the running cluster. */
    interface Body<T> {
        T run(Cluster cluster) throws InterruptedException;
    }

    private BenchCluster() {}

    /** Runs {@code body} on a new led cluster of {@code system}, named after {@code bench}, and removes it. */
    static <T> T with(SystemUnderTest system, String bench, PrintStream out, Body<T> body) throws InterruptedException {
        return with(system, bench, out, false, body);
    }

    /** The same, with the data directories on the power-loss file system when {@code powerLossFs}. */
    static <T> T with(SystemUnderTest system, String bench, PrintStream out, boolean powerLossFs, Body<T> body)
            throws InterruptedException {
        String runId = bench + "-" + DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC)
                .format(Instant.now()) + "-" + system.name();
        try (Cluster cluster = Cluster.start(ClusterSpec.of(NODES, system).withPowerLossFs(powerLossFs), runId, m -> out.println("[bench] " + m))) {
            Thread cleanup = new Thread(cluster::close, "bench-cleanup");
            Runtime.getRuntime().addShutdownHook(cleanup);
            try {
                cluster.startNodes();
                out.println("[bench] " + system.name() + ": leader is n" + cluster.awaitLeader(START_TIMEOUT));
                return body.run(cluster);
            } finally {
                try {
                    Runtime.getRuntime().removeShutdownHook(cleanup);
                } catch (IllegalStateException shuttingDown) {
                    // the hook closes the cluster
                }
            }
        }
    }
}
