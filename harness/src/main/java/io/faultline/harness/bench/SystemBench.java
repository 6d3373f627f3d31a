package io.faultline.harness.bench;

import io.faultline.harness.generator.OpKind;
import io.faultline.harness.system.SystemUnderTest;
import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;

/**
 * The same load against a 3-node cluster of each system in turn: for each thread
 * count, a phase of puts (which also fills the keys) and then a phase of gets
 * (linearizable, each system's default). Each cluster is removed before the next
 * starts, so the systems never share the machine.
 */
public final class SystemBench {
    /** What to run. */
    public record Settings(List<Integer> threads, Duration phase, int keys, int valueBytes, Duration opTimeout,
                           long seed, Duration warmup) {}

    /** Threads of the unmeasured warm-up (a JIT-compiled system gets its compiling done there). */
    private static final int WARMUP_THREADS = 16;

    /** A system's rows. */
    public record SystemResult(String system, List<LoadPhase.Result> phases) {}


    private final Settings settings;
    private final PrintStream out;

    public SystemBench(Settings settings, PrintStream out) {
        this.settings = settings;
        this.out = out;
    }

    public SystemResult run(SystemUnderTest system) throws InterruptedException {
        return run(system, false);
    }

    /** As {@link #run(SystemUnderTest)}; {@code powerLossFs}: the data directories on the power-loss file system. */
    public SystemResult run(SystemUnderTest system, boolean powerLossFs) throws InterruptedException {
        String value = "v".repeat(settings.valueBytes());
        List<LoadPhase.Result> phases = new ArrayList<>();
        String label = system.name() + (powerLossFs ? " on powerfs" : "");
        BenchCluster.with(system, "bench", out, powerLossFs, cluster -> {
            List<String> containerIds = cluster.nodes().stream().map(n -> n.containerId()).toList();
            if (!settings.warmup().isZero()) {
                for (OpKind kind : List.of(OpKind.WRITE, OpKind.READ)) {
                    LoadPhase.run(cluster.session(), cluster.spec().ids(), kind, WARMUP_THREADS, settings.warmup(),
                            settings.keys(), value, settings.opTimeout(), settings.seed(), OptionalLong::empty);
                }
            }
            for (int threads : settings.threads()) {
                for (OpKind kind : List.of(OpKind.WRITE, OpKind.READ)) {
                    LoadPhase.Result r = LoadPhase.run(cluster.session(), cluster.spec().ids(), kind, threads,
                            settings.phase(), settings.keys(), value, settings.opTimeout(), settings.seed(),
                            () -> ContainerCpu.total(containerIds));
                    out.println("[bench] " + label + " " + row(r));
                    phases.add(r);
                }
            }
            return null;
        });
        return new SystemResult(label, phases);
    }

    static String row(LoadPhase.Result r) {
        return String.format("%-4s %3d threads: %8.0f ops/s  p50 %6.1f ms  p99 %6.1f ms  CPU %s ms/op  (%d ok, %d not ok)",
                r.kind() == OpKind.READ ? "get" : "put", r.threads(), r.opsPerSecond(), r.p50Ms(), r.p99Ms(),
                cpu(r), r.ok(), r.notOk());
    }

    private static String cpu(LoadPhase.Result r) {
        return Double.isNaN(r.cpuMsPerOp()) ? "?" : String.format("%.3f", r.cpuMsPerOp());
    }

    /**
     * One table, a row per operation and thread count, a column pair per system (ops/s with
     * latencies, and the nodes' CPU per op), and with two systems the first's ops/s and CPU
     * per op as multiples of the second's.
     */
    public static String table(List<SystemResult> results) {
        boolean pair = results.size() == 2;
        StringBuilder b = new StringBuilder("| case |");
        for (SystemResult s : results) {
            b.append(' ').append(s.system()).append(" ops/s (p50 / p99) | ").append(s.system()).append(" CPU ms/op |");
        }
        String first = results.get(0).system();
        String second = pair ? results.get(1).system() : "";
        if (pair) b.append(String.format(" %s / %s ops/s | %s / %s CPU per op |", first, second, first, second));
        b.append("\n|---|").append("---|---|".repeat(results.size())).append(pair ? "---|---|" : "").append('\n');
        List<LoadPhase.Result> rows = results.get(0).phases();
        for (int i = 0; i < rows.size(); i++) {
            LoadPhase.Result c = rows.get(i);
            b.append("| ").append(c.kind() == OpKind.READ ? "get" : "put").append(", ").append(c.threads())
                    .append(c.threads() == 1 ? " thread |" : " threads |");
            for (SystemResult s : results) {
                LoadPhase.Result r = s.phases().get(i);
                b.append(String.format(" %.0f (%.1f / %.1f ms) | %s |", r.opsPerSecond(), r.p50Ms(), r.p99Ms(), cpu(r)));
            }
            if (pair) {
                LoadPhase.Result o = results.get(1).phases().get(i);
                b.append(String.format(" %.2f | %.2f |", c.opsPerSecond() / o.opsPerSecond(), c.cpuMsPerOp() / o.cpuMsPerOp()));
            }
            b.append('\n');
        }
        return b.toString();
    }
}
