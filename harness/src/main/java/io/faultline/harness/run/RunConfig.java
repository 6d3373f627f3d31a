package io.faultline.harness.run;

import io.faultline.checker.cli.Durations;
import io.faultline.harness.client.ClientBinding;
import io.faultline.harness.cluster.ClusterSpec;
import io.faultline.harness.nemesis.FaultPackage;
import io.faultline.harness.nemesis.FaultPackages;
import io.faultline.harness.system.Capability;
import io.faultline.harness.systems.Systems;
import io.faultline.harness.workload.Workload;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Everything that decides a run; written to config.json so that a run can be
 * repeated exactly (same seed, same schedule, same op streams).
 */
public record RunConfig(
        ClusterSpec cluster,
        Workload workload,
        Duration timeLimit,
        int concurrency,
        double rate,
        List<FaultPackage> nemesis,
        Duration nemesisInterval,
        Duration faultDuration,
        long seed,
        Duration opTimeout,
        Duration recoveryTimeout,
        Duration checkTimeout,
        Path outputRoot,
        ClientBinding clients,
        Duration quietTail,
        String profile) {

    public RunConfig {
        nemesis = List.copyOf(nemesis);
        if (clients == null) clients = ClientBinding.FOLLOW;
        if (quietTail == null) quietTail = Duration.ZERO;
        if (quietTail.isNegative()) throw new IllegalArgumentException("quiet tail must not be negative");
        if (concurrency < 1) throw new IllegalArgumentException("concurrency must be at least 1");
        if (rate < 0) throw new IllegalArgumentException("rate must not be negative");
        if (timeLimit.toMillis() < 1000) throw new IllegalArgumentException("time limit must be at least 1s");
        if (!nemesis.isEmpty() && cluster.nodes() < 3) {
            throw new IllegalArgumentException("faults need at least 3 nodes");
        }
        for (FaultPackage f : nemesis) {
            FaultPackages.refusal(f, cluster.system()).ifPresent(why -> {
                throw new IllegalArgumentException(why + " (it supports: "
                        + String.join(", ", FaultPackages.supported(cluster.system())) + ")");
            });
        }
    }

    /** The cluster as the run starts it: on the power-loss file system when a fault package needs it. */
    public ClusterSpec clusterToStart() {
        return cluster.withPowerLossFs(nemesis.stream().anyMatch(p -> p.needs().contains(Capability.POWER_LOSS_FS)));
    }

    /** No named profile: every option as given. */
    public RunConfig(ClusterSpec cluster, Workload workload, Duration timeLimit, int concurrency, double rate,
                     List<FaultPackage> nemesis, Duration nemesisInterval, Duration faultDuration, long seed,
                     Duration opTimeout, Duration recoveryTimeout, Duration checkTimeout, Path outputRoot,
                     ClientBinding clients, Duration quietTail) {
        this(cluster, workload, timeLimit, concurrency, rate, nemesis, nemesisInterval, faultDuration, seed, opTimeout,
                recoveryTimeout, checkTimeout, outputRoot, clients, quietTail, null);
    }

    /** No quiet tail: the workload stops at the time limit. */
    public RunConfig(ClusterSpec cluster, Workload workload, Duration timeLimit, int concurrency, double rate,
                     List<FaultPackage> nemesis, Duration nemesisInterval, Duration faultDuration, long seed,
                     Duration opTimeout, Duration recoveryTimeout, Duration checkTimeout, Path outputRoot,
                     ClientBinding clients) {
        this(cluster, workload, timeLimit, concurrency, rate, nemesis, nemesisInterval, faultDuration, seed, opTimeout,
                recoveryTimeout, checkTimeout, outputRoot, clients, Duration.ZERO);
    }

    /** Every worker follows redirects ({@link ClientBinding#FOLLOW}). */
    public RunConfig(ClusterSpec cluster, Workload workload, Duration timeLimit, int concurrency, double rate,
                     List<FaultPackage> nemesis, Duration nemesisInterval, Duration faultDuration, long seed,
                     Duration opTimeout, Duration recoveryTimeout, Duration checkTimeout, Path outputRoot) {
        this(cluster, workload, timeLimit, concurrency, rate, nemesis, nemesisInterval, faultDuration, seed, opTimeout,
                recoveryTimeout, checkTimeout, outputRoot, ClientBinding.FOLLOW);
    }

    /** The defaults of `./faultline run`: a 60-second kv test with every fault kind. */
    public static RunConfig defaults(Path outputRoot) {
        return new RunConfig(ClusterSpec.of(5), Workload.kv(10), Duration.ofSeconds(60), 10, 200,
                FaultPackages.parse("kill,pause,partition"), Duration.ofSeconds(10), Duration.ofSeconds(5),
                System.currentTimeMillis() & 0xFFFFFF, Duration.ofMillis(1500), Duration.ofSeconds(30),
                Duration.ofMinutes(2), outputRoot);
    }

    public RunConfig withSeed(long s) {
        return new RunConfig(cluster, workload, timeLimit, concurrency, rate, nemesis, nemesisInterval, faultDuration,
                s, opTimeout, recoveryTimeout, checkTimeout, outputRoot, clients, quietTail, profile);
    }

    public RunConfig withOutput(java.nio.file.Path root) {
        return new RunConfig(cluster, workload, timeLimit, concurrency, rate, nemesis, nemesisInterval, faultDuration,
                seed, opTimeout, recoveryTimeout, checkTimeout, root, clients, quietTail, profile);
    }

    /** The named profile the options started from (recorded in config.json; the rerun line spells every option). */
    public RunConfig withProfile(String name) {
        return new RunConfig(cluster, workload, timeLimit, concurrency, rate, nemesis, nemesisInterval, faultDuration,
                seed, opTimeout, recoveryTimeout, checkTimeout, outputRoot, clients, quietTail, name);
    }

    /** config.json: the options in their command-line spelling plus versions. */
    public Map<String, Object> toJson(String faultlineVersion) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("seed", seed);
        if (profile != null) m.put("profile", profile);
        m.put("system", cluster.system().name());
        m.put("system-options", cluster.system().options().values());
        m.put("nodes", cluster.nodes());
        m.put("workload", workload.name());
        m.put("keys", workload.keys());
        m.put("key-distribution", workload.distribution().name().toLowerCase(java.util.Locale.ROOT));
        m.put("op-mix", workload.mix().toString());
        m.put("read-after-write", workload.readAfterWritePercent() + "%");
        m.put("recheck-writes", workload.recheckWrites());
        m.put("model", workload.model());
        m.put("time-limit", Durations.format(timeLimit));
        m.put("concurrency", concurrency);
        m.put("bound-clients", clients.toString());
        m.put("rate", rate);
        m.put("nemesis", nemesis.stream().map(FaultPackage::name).toList());
        m.put("nemesis-interval", Durations.format(nemesisInterval));
        m.put("fault-duration", Durations.format(faultDuration));
        m.put("quiet-tail", Durations.format(quietTail));
        m.put("op-timeout", Durations.format(opTimeout));
        m.put("recovery-timeout", Durations.format(recoveryTimeout));
        m.put("check-timeout", Durations.format(checkTimeout));
        m.put("image", cluster.image());
        Map<String, Object> versions = new LinkedHashMap<>();
        versions.put("faultline", faultlineVersion);
        versions.put("java", System.getProperty("java.version"));
        versions.put("os", System.getProperty("os.name") + " " + System.getProperty("os.arch"));
        m.put("versions", versions);
        m.put("rerun", rerunCommand());
        return m;
    }

    /** The command line that repeats this run. */
    public String rerunCommand() {
        StringBuilder b = new StringBuilder("./faultline run");
        if (!Systems.DEFAULT.equals(cluster.system().name())) b.append(" --system ").append(cluster.system().name());
        b.append(" --nodes ").append(cluster.nodes())
                .append(workload.cliOptions())
                .append(" --time-limit ").append(Durations.format(timeLimit))
                .append(" --concurrency ").append(concurrency)
                .append(" --rate ").append(rate == Math.rint(rate) ? Long.toString((long) rate) : Double.toString(rate))
                .append("/s")
                .append(" --nemesis ").append(FaultPackages.format(nemesis))
                .append(" --nemesis-interval ").append(Durations.format(nemesisInterval))
                .append(" --fault-duration ").append(Durations.format(faultDuration))
                .append(" --op-timeout ").append(Durations.format(opTimeout))
                .append(" --recovery-timeout ").append(Durations.format(recoveryTimeout))
                .append(" --check-timeout ").append(Durations.format(checkTimeout))
                .append(" --seed ").append(seed);
        if (clients.boundPercent() > 0) b.append(" --bound-clients ").append(clients);
        if (!quietTail.isZero()) b.append(" --quiet-tail ").append(Durations.format(quietTail));
        if (!cluster.system().layout().image().equals(cluster.image())) b.append(" --image ").append(cluster.image());
        cluster.system().options().changed().forEach((name, value) ->
                b.append(" --system-opt '").append(name).append('=').append(value.replace("'", "'\\''")).append("'"));
        return b.toString();
    }
}
