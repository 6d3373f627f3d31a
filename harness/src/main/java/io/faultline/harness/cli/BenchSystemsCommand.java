package io.faultline.harness.cli;

import io.faultline.checker.cli.Durations;
import io.faultline.harness.bench.SystemBench;
import io.faultline.harness.system.SystemUnderTest;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code faultline bench-systems}: the same load on a 3-node Docker cluster of each system, side by side. */
@Command(name = "bench-systems", mixinStandardHelpOptions = true, sortOptions = false, usageHelpWidth = 110,
        description = {
            "Benchmark systems side by side: a 3-node Docker cluster of each in turn, the same closed-loop",
            "load (puts of a fixed value to random keys, then linearizable gets) at each thread count;",
            "prints ops/s, p50/p99 latency and the nodes' CPU time per op (from their containers' cgroups) per",
            "case, then one table with the ratios. Exit 2 on bad input."
        })
public final class BenchSystemsCommand implements Callable<Integer> {
    @Mixin
    BenchLoadOptions load;

    @Option(names = "--threads", split = ",", defaultValue = "1,16,128",
            description = "Client thread counts. Default: ${DEFAULT-VALUE}.")
    List<Integer> threads;

    @Option(names = "--phase", defaultValue = "10s", description = "Time per case. Default: ${DEFAULT-VALUE}.")
    String phase;

    @Option(names = "--warmup", defaultValue = "20s",
            description = "Unmeasured puts, then gets, each this long, before the cases (0s: none); a JVM's JIT compiler is still busy after 5 s. Default: ${DEFAULT-VALUE}.")
    String warmup;

    @Option(names = "--op-timeout", defaultValue = "5s", description = "Per-operation timeout. Default: ${DEFAULT-VALUE}.")
    String opTimeout;

    @Option(names = "--power-loss-fs",
            description = "Run each system twice, its data directories first on the power-loss file system "
                    + "(docker/powerfs, what --nemesis power-loss mounts), then on the plain volume: the file system's cost.")
    boolean powerLossFs;

    private final PrintStream out;

    public BenchSystemsCommand() {
        this(System.out);
    }

    BenchSystemsCommand(PrintStream out) {
        this.out = out;
    }

    @Override
    public Integer call() throws Exception {
        List<SystemUnderTest> suts = new ArrayList<>();
        SystemBench.Settings settings;
        try {
            suts.addAll(load.systems());
            if (threads.isEmpty() || threads.stream().anyMatch(t -> t < 1 || t > 1024)) {
                throw new IllegalArgumentException("--threads must be between 1 and 1024");
            }
            if (powerLossFs) {
                io.faultline.harness.cluster.PowerLossFs.hostProblem().ifPresent(why -> {
                    throw new IllegalArgumentException(why);
                });
            }
            settings = new SystemBench.Settings(List.copyOf(threads), Durations.parse(phase), load.keys,
                    load.valueBytes, Durations.parse(opTimeout), load.seed(), Durations.parse(warmup));
        } catch (IllegalArgumentException e) {
            System.err.println("faultline bench-systems: " + e.getMessage());
            return 2;
        }
        if (load.validateOnly) return 0;
        out.printf("[bench] seed %d; %s per case; %d keys; %d-byte values; threads %s; machine: %d cores, Java %s, "
                        + "load average %s%n", settings.seed(), phase, load.keys, load.valueBytes, threads,
                Runtime.getRuntime().availableProcessors(), System.getProperty("java.version"), io.faultline.harness.bench.LoadAverage.now());
        List<SystemBench.SystemResult> results = new ArrayList<>();
        SystemBench bench = new SystemBench(settings, out);
        for (SystemUnderTest s : suts) {
            if (powerLossFs) results.add(bench.run(s, true));
            results.add(bench.run(s));
        }
        out.println();
        out.println("[bench] load average at the end " + io.faultline.harness.bench.LoadAverage.now());
        out.print(SystemBench.table(results));
        return 0;
    }
}
