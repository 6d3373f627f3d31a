package io.faultline.harness.run;

import io.faultline.harness.client.ClientBinding;
import io.faultline.harness.cluster.ClusterSpec;
import io.faultline.harness.generator.Seeds;
import io.faultline.harness.nemesis.FaultPackage;
import io.faultline.harness.nemesis.FaultPackages;
import io.faultline.harness.nemesis.NemesisPlan;
import io.faultline.harness.ssh.Hosts;
import io.faultline.harness.ssh.SshFaults;
import io.faultline.harness.system.Capability;
import io.faultline.harness.systems.Systems;
import io.faultline.harness.workload.Workload;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Everything that decides a run: the values of the run options ({@link RunOptions}), the system's
 * own options, and where the run directory goes. Written to config.json so that a run can be
 * repeated exactly (same seed, same schedule, same op streams). What the options ask for —
 * cluster, workload, fault plan — is made once here and checked together.
 */
public final class RunConfig {
    private final OptionValues options;
    private final Map<String, String> systemOptions;
    private final Path outputRoot;
    private final String profile;
    private final ClusterSpec cluster;
    private final Workload workload;
    private final NemesisPlan plan;
    private final Hosts hosts;

    /**
     * @param options       values of {@link RunOptions#ALL}; without a seed a fresh one is drawn
     * @param systemOptions the system's options as given ({@code --system-opt}); the system completes them
     * @param profile       the named profile the options started from, or null
     */
    public RunConfig(OptionValues options, Map<String, String> systemOptions, Path outputRoot, String profile) {
        if (options.get(RunOptions.SEED) == null) options = options.with(RunOptions.SEED, Seeds.fresh());
        this.options = options;
        this.systemOptions = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(systemOptions));
        this.outputRoot = Objects.requireNonNull(outputRoot);
        this.profile = profile;
        this.cluster = ClusterSpec.of(options.get(RunOptions.NODES), Systems.create(options.get(RunOptions.SYSTEM),
                systemOptions)).withImage(options.get(RunOptions.IMAGE));
        this.workload = RunOptions.workload(options);
        this.plan = RunOptions.nemesisPlan(options);
        this.hosts = RunOptions.hosts(options).orElse(null);
        if (timeLimit().toMillis() < 1000) throw new IllegalArgumentException("--time-limit must be at least 1s");
        if (!plan.isEmpty() && cluster.nodes() < 3) throw new IllegalArgumentException("faults need at least 3 nodes");
        for (FaultPackage f : plan.packages()) {
            FaultPackages.refusal(f, cluster.system()).ifPresent(why -> {
                throw new IllegalArgumentException(why + " (it supports: "
                        + String.join(", ", FaultPackages.supported(cluster.system())) + ")");
            });
            if (hosts != null) SshFaults.refusal(f, cluster.system()).ifPresent(why -> {
                throw new IllegalArgumentException(why);
            });
        }
        if (hosts != null) {
            try {
                cluster.system().hostRecipe();
            } catch (UnsupportedOperationException e) {
                throw new IllegalArgumentException(e.getMessage());
            }
            if (hosts.addresses().size() != cluster.nodes()) {
                throw new IllegalArgumentException(cluster.nodes() + " nodes need as many hosts; the hosts are "
                        + hosts.addresses().size());
            }
        }
    }

    /** The defaults of `./faultline run`: a 60-second kv test with kill, pause and partitions, a fresh seed. */
    public static RunConfig defaults(Path outputRoot) {
        return new RunConfig(OptionValues.defaults(RunOptions.ALL), Map.of(), outputRoot, null);
    }

    /** The value of a run option. */
    public <T> T get(RunOption<T> option) {
        return options.get(option);
    }

    /** This run with {@code option} set to {@code value}, checked again. */
    public <T> RunConfig with(RunOption<T> option, T value) {
        return new RunConfig(options.with(option, value), systemOptions, outputRoot, profile);
    }

    public RunConfig withSeed(long s) {
        return with(RunOptions.SEED, s);
    }

    public RunConfig withOutput(Path root) {
        return new RunConfig(options, systemOptions, root, profile);
    }

    /** The named profile the options started from (recorded in config.json; the rerun line spells every option). */
    public RunConfig withProfile(String name) {
        return new RunConfig(options, systemOptions, outputRoot, name);
    }

    public OptionValues options() {
        return options;
    }

    public ClusterSpec cluster() {
        return cluster;
    }

    public Workload workload() {
        return workload;
    }

    public Duration timeLimit() {
        return get(RunOptions.TIME_LIMIT);
    }

    public int concurrency() {
        return get(RunOptions.CONCURRENCY);
    }

    public double rate() {
        return get(RunOptions.RATE);
    }

    public List<FaultPackage> nemesis() {
        return plan.packages();
    }

    public Duration nemesisInterval() {
        return plan.interval();
    }

    public Duration faultDuration() {
        return plan.duration();
    }

    public long seed() {
        return get(RunOptions.SEED);
    }

    public Duration opTimeout() {
        return get(RunOptions.OP_TIMEOUT);
    }

    public Duration recoveryTimeout() {
        return get(RunOptions.RECOVERY_TIMEOUT);
    }

    public Duration checkTimeout() {
        return get(RunOptions.CHECK_TIMEOUT);
    }

    public Path outputRoot() {
        return outputRoot;
    }

    public ClientBinding clients() {
        return get(RunOptions.BOUND_CLIENTS);
    }

    public Duration quietTail() {
        return get(RunOptions.QUIET_TAIL);
    }

    public String profile() {
        return profile;
    }

    /** The SSH hosts the nodes run on, one each; null: Docker on this machine. */
    public Hosts hosts() {
        return hosts;
    }

    /** The cluster as the run starts it: on the power-loss file system when a fault package needs it. */
    public ClusterSpec clusterToStart() {
        return cluster.withPowerLossFs(plan.packages().stream().anyMatch(p -> p.needs().contains(Capability.POWER_LOSS_FS)));
    }

    /** What the run's phases need of it; the final reads give up after {@code finalReadStall} without progress. */
    public RunLoop.Plan loopPlan(Duration finalReadStall) {
        return new RunLoop.Plan(seed(), workload, concurrency(), rate(), timeLimit(), quietTail(), plan, cluster.ids(),
                clients(), recoveryTimeout(), finalReadStall);
    }

    /** config.json: the options in their command-line spelling plus versions ({@link RunOptions}). */
    public Map<String, Object> toJson(String faultlineVersion) {
        return RunOptions.toJson(this, faultlineVersion);
    }

    /** The command line that repeats this run. */
    public String rerunCommand() {
        return RunOptions.rerunCommand(this);
    }

    /** Equal when config.json would say the same of both: the same recorded options, system options, output and profile. */
    @Override
    public boolean equals(Object o) {
        return o instanceof RunConfig c && recorded().equals(c.recorded()) && outputRoot.equals(c.outputRoot)
                && Objects.equals(profile, c.profile);
    }

    @Override
    public int hashCode() {
        return Objects.hash(recorded(), outputRoot, profile);
    }

    private List<Object> recorded() {
        return List.of(RunOptions.recorded(options, RunOptions.ALL), cluster.system().options().values());
    }

    @Override
    public String toString() {
        return rerunCommand();
    }
}
