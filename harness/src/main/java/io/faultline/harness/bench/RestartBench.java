package io.faultline.harness.bench;

import io.faultline.checker.history.Op;
import io.faultline.harness.cluster.Cluster;
import io.faultline.harness.cluster.ClusterException;
import io.faultline.harness.cluster.ClusterHealth;
import io.faultline.harness.cluster.NodeContainer;
import io.faultline.harness.generator.KvOp;
import io.faultline.harness.generator.OpKind;
import io.faultline.harness.system.SystemClient;
import io.faultline.harness.system.SystemUnderTest;
import java.io.PrintStream;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * How fast a 3-node cluster of each system comes back from kill -9, on the harness's own
 * containers and clients: rounds in which the leader, or every node at once, is killed and
 * restarted at once. Per round it measures kill → serving (the restarted node's own log
 * line saying it serves clients, against the time of the kill) and kill → the first put
 * acknowledged through the cluster (a failover client trying every node). Then the cold
 * phase: CPU per put in the first seconds after every node restarted, against the same
 * load right after.
 */
public record RestartBench(Settings settings, PrintStream out) {
    /** What to run. */
    public record Settings(int rounds, List<Scenario> scenarios, Duration warmup, Duration loadPhase, int loadThreads,
                           int keys, int valueBytes, long seed) {}

    /** Which nodes a round kills. */
    public enum Scenario {
        LEADER("leader", "kill -9 of the leader"),
        ALL("all", "kill -9 of every node at once");

        public final String cliName;
        public final String description;

        Scenario(String cliName, String description) {
            this.cliName = cliName;
            this.description = description;
        }

        public static Scenario parse(String name) {
            for (Scenario s : values()) if (s.cliName.equals(name)) return s;
            throw new IllegalArgumentException("unknown scenario '" + name + "' (leader, all)");
        }
    }

    /** One scenario's samples in nanoseconds: kill → serving per restarted node, kill → first put per round. */
    public record ScenarioResult(Scenario scenario, long[] toServing, long[] toFirstPut, int unserved) {}

    /** A system's figures: its scenarios, then the load right after every node restarted and the same load again. */
    public record SystemResult(String system, List<ScenarioResult> scenarios, LoadPhase.Result cold,
                               LoadPhase.Result warm) {}

    private static final Duration RECOVERY_TIMEOUT = Duration.ofSeconds(60);
    private static final Duration PUT_TIMEOUT = Duration.ofSeconds(1);
    /** A healthy cluster is left this long before the next kill: its followers' election timers have been reset. */
    private static final long CALM_MS = 1_000;

    public SystemResult run(SystemUnderTest system) throws InterruptedException {
        String value = "v".repeat(settings.valueBytes());
        return BenchCluster.with(system, "bench-restart", out, cluster -> {
            if (!settings.warmup().isZero()) load(cluster, value, settings.warmup(), OptionalLong::empty);
            List<ScenarioResult> scenarios = new ArrayList<>();
            for (Scenario scenario : settings.scenarios()) scenarios.add(scenario(cluster, system, scenario));
            List<String> containerIds = cluster.nodes().stream().map(NodeContainer::containerId).toList();
            awaitRecovered(cluster);
            kill(cluster, cluster.spec().ids());
            cluster.awaitLeader(RECOVERY_TIMEOUT);
            LoadPhase.Result cold = load(cluster, value, settings.loadPhase(), () -> ContainerCpu.total(containerIds));
            LoadPhase.Result warm = load(cluster, value, settings.loadPhase(), () -> ContainerCpu.total(containerIds));
            out.println("[bench] " + system.name() + " after every node restarted: " + SystemBench.row(cold));
            out.println("[bench] " + system.name() + " the same load right after: " + SystemBench.row(warm));
            return new SystemResult(system.name(), scenarios, cold, warm);
        });
    }

    private LoadPhase.Result load(Cluster cluster, String value, Duration time, java.util.function.Supplier<OptionalLong> cpu)
            throws InterruptedException {
        return LoadPhase.run(cluster.session(), cluster.spec().ids(), OpKind.WRITE, settings.loadThreads(), time,
                settings.keys(), value, PUT_TIMEOUT.multipliedBy(5), settings.seed(), cpu);
    }

    private ScenarioResult scenario(Cluster cluster, SystemUnderTest system, Scenario scenario)
            throws InterruptedException {
        List<Long> serving = new ArrayList<>();
        List<Long> firstPut = new ArrayList<>();
        int unserved = 0;
        for (int round = 1; round <= settings.rounds(); round++) {
            int leader = awaitRecovered(cluster);
            Thread.sleep(CALM_MS);
            List<Integer> victims = scenario == Scenario.LEADER ? List.of(leader) : cluster.spec().ids();
            int[] startsBefore = new int[BenchCluster.NODES + 1];
            for (int id : victims) startsBefore[id] = ServingTimes.read(cluster.node(id).logLines(), system).size();
            Killed killed = kill(cluster, victims);
            long putNanos = firstPut(cluster, victims.get(0), "restart-" + scenario.cliName + "-" + round)
                    - killed.nanos();
            firstPut.add(putNanos);
            StringBuilder line = new StringBuilder();
            for (int id : victims) {
                Optional<Instant> served = awaitServingLine(cluster.node(id), system, startsBefore[id]);
                if (served.isEmpty()) {
                    unserved++;
                    line.append(" n").append(id).append(" no serving line;");
                    continue;
                }
                long ns = Duration.between(killed.at(), served.get()).toNanos();
                serving.add(ns);
                line.append(String.format(" n%d serving %.0f ms;", id, ns / 1e6));
            }
            out.printf("[bench] %s %s round %d:%s first put %.0f ms%n", system.name(), scenario.cliName, round, line,
                    putNanos / 1e6);
        }
        return new ScenarioResult(scenario, serving.stream().mapToLong(Long::longValue).toArray(),
                firstPut.stream().mapToLong(Long::longValue).toArray(), unserved);
    }

    /** When the kill commands had returned: on the clock the node logs use, and on this process's. */
    private record Killed(Instant at, long nanos) {}

    /**
     * Kills {@code victims} with SIGKILL at once and restarts them; when every kill had
     * returned (the processes were gone), from which both measures count.
     */
    private static Killed kill(Cluster cluster, List<Integer> victims) {
        cluster.parallel(n -> {
            if (victims.contains(n.id())) n.killNode();
        });
        Killed killed = new Killed(Instant.now(), System.nanoTime());
        cluster.parallel(n -> {
            if (victims.contains(n.id())) n.startNode();
        });
        return killed;
    }

    /** Puts until one is acknowledged, starting at {@code firstNode}; System.nanoTime() of the acknowledgement. */
    private long firstPut(Cluster cluster, int firstNode, String key) throws InterruptedException {
        long deadline = System.nanoTime() + RECOVERY_TIMEOUT.toNanos();
        try (SystemClient client = cluster.session().client(PUT_TIMEOUT, firstNode)) {
            while (System.nanoTime() < deadline) {
                var c = client.invoke(new KvOp("put", OpKind.WRITE, key, key, "restarted"));
                if (c.type() == Op.Type.OK) return System.nanoTime();
                if (c.type() == Op.Type.INFO) client.moveOn();
                Thread.sleep(5);
            }
        }
        throw new ClusterException("no put acknowledged within " + RECOVERY_TIMEOUT.toSeconds() + " s of the kill");
    }

    /** The serving time of the start after the first {@code startsBefore} starts in the node's log, once it shows. */
    private static Optional<Instant> awaitServingLine(NodeContainer node, SystemUnderTest system, int startsBefore)
            throws InterruptedException {
        long deadline = System.nanoTime() + RECOVERY_TIMEOUT.toNanos();
        while (System.nanoTime() < deadline) {
            List<ServingTimes.Start> starts = ServingTimes.read(node.logLines(), system);
            if (starts.size() > startsBefore && starts.get(startsBefore).served().isPresent()) {
                return starts.get(startsBefore).served();
            }
            Thread.sleep(100);
        }
        return Optional.empty();
    }

    /** Waits until every node answers and agrees on one leader who has applied everything; that leader. */
    private static int awaitRecovered(Cluster cluster) throws InterruptedException {
        long deadline = System.nanoTime() + RECOVERY_TIMEOUT.toNanos();
        while (System.nanoTime() < deadline) {
            var statuses = cluster.health().statuses();
            if (ClusterHealth.recovered(statuses)) return ClusterHealth.leaderOf(statuses).orElseThrow();
            Thread.sleep(100);
        }
        throw new ClusterException("the cluster did not recover within " + RECOVERY_TIMEOUT.toSeconds() + " s");
    }

    /** Median and 90th percentile of {@code nanos} in milliseconds, e.g. "412 / 530 ms". */
    public static String summary(long[] nanos) {
        if (nanos.length == 0) return "–";
        long[] sorted = nanos.clone();
        Arrays.sort(sorted);
        return String.format("%.0f / %.0f ms", LoadPhase.percentileMs(sorted, 0.5), LoadPhase.percentileMs(sorted, 0.9));
    }

    static double medianMs(long[] nanos) {
        long[] sorted = nanos.clone();
        Arrays.sort(sorted);
        return LoadPhase.percentileMs(sorted, 0.5);
    }

    /**
     * The README table: a row per scenario and measure, a column per system with median / p90
     * (and the number of samples), and with two systems the first's median over the second's.
     */
    public static String table(List<SystemResult> results) {
        boolean pair = results.size() == 2;
        StringBuilder b = new StringBuilder("| restart | measure |");
        for (SystemResult s : results) b.append(' ').append(s.system()).append(" median / p90 (n) |");
        if (pair) b.append(' ').append(results.get(0).system()).append(" / ").append(results.get(1).system())
                .append(" median |");
        b.append("\n|---|---|").append("---|".repeat(results.size())).append(pair ? "---|" : "").append('\n');
        List<ScenarioResult> rows = results.get(0).scenarios();
        for (int i = 0; i < rows.size(); i++) {
            for (int measure = 0; measure < 2; measure++) {
                b.append("| ").append(rows.get(i).scenario().description).append(" | ")
                        .append(measure == 0 ? "kill → serving" : "kill → first put acknowledged").append(" |");
                for (SystemResult s : results) {
                    long[] samples = samples(s.scenarios().get(i), measure);
                    b.append(' ').append(summary(samples)).append(" (").append(samples.length).append(") |");
                }
                if (pair) {
                    b.append(String.format(" %.2f |", medianMs(samples(results.get(0).scenarios().get(i), measure))
                            / medianMs(samples(results.get(1).scenarios().get(i), measure))));
                }
                b.append('\n');
            }
        }
        b.append("\n| load after every node restarted | ");
        for (SystemResult s : results) b.append(s.system()).append(" |");
        b.append("\n|---|").append("---|".repeat(results.size())).append('\n');
        b.append(String.format("| %d-thread puts, first %s: ops/s, CPU ms/op |", results.get(0).cold().threads(),
                results.get(0).cold().seconds() > 0 ? Math.round(results.get(0).cold().seconds()) + " s" : ""));
        for (SystemResult s : results) b.append(String.format(" %.0f, %.3f |", s.cold().opsPerSecond(), s.cold().cpuMsPerOp()));
        b.append(String.format("\n| the same, the %s after |", Math.round(results.get(0).warm().seconds()) + " s"));
        for (SystemResult s : results) b.append(String.format(" %.0f, %.3f |", s.warm().opsPerSecond(), s.warm().cpuMsPerOp()));
        return b.append('\n').toString();
    }

    private static long[] samples(ScenarioResult r, int measure) {
        return measure == 0 ? r.toServing() : r.toFirstPut();
    }
}
