package io.faultline.harness.run;

import io.faultline.harness.client.ClientBinding;
import io.faultline.harness.cluster.ClusterSpec;
import io.faultline.harness.nemesis.FaultPackage;
import io.faultline.harness.nemesis.FaultPackages;
import io.faultline.harness.nemesis.NemesisPlan;
import io.faultline.harness.system.Capability;
import io.faultline.harness.workload.Workload;
import java.nio.file.Path;
import java.time.Duration;
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
        String profile,
        io.faultline.harness.ssh.Hosts hosts) {

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
            if (hosts != null) io.faultline.harness.ssh.SshFaults.refusal(f).ifPresent(why -> {
                throw new IllegalArgumentException(why);
            });
        }
        if (hosts != null && hosts.addresses().size() != cluster.nodes()) {
            throw new IllegalArgumentException(cluster.nodes() + " nodes need as many hosts; --hosts names "
                    + hosts.addresses().size());
        }
    }

    /** On this machine's Docker engine (no hosts). */
    public RunConfig(ClusterSpec cluster, Workload workload, Duration timeLimit, int concurrency, double rate,
                     List<FaultPackage> nemesis, Duration nemesisInterval, Duration faultDuration, long seed,
                     Duration opTimeout, Duration recoveryTimeout, Duration checkTimeout, Path outputRoot,
                     ClientBinding clients, Duration quietTail, String profile) {
        this(cluster, workload, timeLimit, concurrency, rate, nemesis, nemesisInterval, faultDuration, seed, opTimeout,
                recoveryTimeout, checkTimeout, outputRoot, clients, quietTail, profile, null);
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
                io.faultline.harness.generator.Seeds.fresh(), Duration.ofMillis(1500), Duration.ofSeconds(30),
                Duration.ofMinutes(2), outputRoot);
    }

    public RunConfig withSeed(long s) {
        return new RunConfig(cluster, workload, timeLimit, concurrency, rate, nemesis, nemesisInterval, faultDuration,
                s, opTimeout, recoveryTimeout, checkTimeout, outputRoot, clients, quietTail, profile, hosts);
    }

    public RunConfig withOutput(java.nio.file.Path root) {
        return new RunConfig(cluster, workload, timeLimit, concurrency, rate, nemesis, nemesisInterval, faultDuration,
                seed, opTimeout, recoveryTimeout, checkTimeout, root, clients, quietTail, profile, hosts);
    }

    /** The named profile the options started from (recorded in config.json; the rerun line spells every option). */
    public RunConfig withProfile(String name) {
        return new RunConfig(cluster, workload, timeLimit, concurrency, rate, nemesis, nemesisInterval, faultDuration,
                seed, opTimeout, recoveryTimeout, checkTimeout, outputRoot, clients, quietTail, name, hosts);
    }

    /** What the run's phases need of it; the final reads give up after {@code finalReadStall} without progress. */
    public RunLoop.Plan loopPlan(Duration finalReadStall) {
        return new RunLoop.Plan(seed, workload, concurrency, rate, timeLimit, quietTail,
                new NemesisPlan(nemesis, nemesisInterval, faultDuration), cluster.ids(), clients, recoveryTimeout,
                finalReadStall);
    }

    /** config.json: the options in their command-line spelling plus versions ({@link RunOptions}). */
    public Map<String, Object> toJson(String faultlineVersion) {
        return RunOptions.toJson(this, faultlineVersion);
    }

    /** The command line that repeats this run. */
    public String rerunCommand() {
        return RunOptions.rerunCommand(this);
    }
}
