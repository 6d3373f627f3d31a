package io.faultline.harness.cli;

import io.faultline.checker.cli.Durations;
import io.faultline.harness.bench.LoadAverage;
import io.faultline.harness.bench.RestartBench;
import io.faultline.harness.bench.ServingTimes;
import io.faultline.harness.system.SystemUnderTest;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code faultline bench-restart}: how fast a cluster of each system comes back from kill -9, side by side. */
@Command(name = "bench-restart", mixinStandardHelpOptions = true, sortOptions = false, usageHelpWidth = 110,
        description = {
            "Benchmark restarts side by side: a 3-node Docker cluster of each system in turn; rounds kill -9 the leader,"
                + " or every node, and restart it at once; kill -> serving (the node's own log line) and kill -> the first"
                + " put acknowledged through the cluster, medians and 90th percentiles; then the CPU per put right after"
                + " every node restarted, and after that. --logs reads restart -> serving from run directories instead"
                + " (no Docker). Exit 2 on bad input."
        })
public final class BenchRestartCommand implements Callable<Integer> {
    @Mixin
    BenchLoadOptions load;

    @Option(names = "--rounds", defaultValue = "20", description = "Rounds per scenario (at least 20 for a median and a 90th percentile). Default: ${DEFAULT-VALUE}.") int rounds;

    @Option(names = "--scenario", split = ",", defaultValue = "leader,all", description = "leader (kill -9 of the leader), all (of every node at once). Default: ${DEFAULT-VALUE}.") List<String> scenarios;

    @Option(names = "--warmup", defaultValue = "10s", description = "Puts before the first round, so the nodes restart with data (0s: none). Default: ${DEFAULT-VALUE}.") String warmup;

    @Option(names = "--load-phase", defaultValue = "10s", description = "The load measured right after every node restarted, and once more after it. Default: ${DEFAULT-VALUE}.") String loadPhase;

    @Option(names = "--threads", defaultValue = "16", description = "Client threads of the warm-up and of the loads after the restarts. Default: ${DEFAULT-VALUE}.") int threads;

    @Option(names = "--logs", arity = "1..*", description = "Run directories or node logs (*.log) to read restart -> serving times from, for the first --system.") List<Path> logs;

    /** Where the figures go (the command writes nothing else to stdout). */
    private final PrintStream out = System.out;

    @Override
    public Integer call() throws Exception {
        List<SystemUnderTest> suts;
        RestartBench.Settings settings;
        try {
            suts = load.systems();
            if (logs != null) return load.validateOnly ? 0 : fromLogs(suts.get(0));
            if (rounds < 1 || rounds > 1000) throw new IllegalArgumentException("--rounds must be between 1 and 1000");
            if (threads < 1 || threads > 1024) throw new IllegalArgumentException("--threads must be between 1 and 1024");
            List<RestartBench.Scenario> parsed = scenarios.stream().map(String::trim).map(RestartBench.Scenario::parse)
                    .distinct().toList();
            settings = new RestartBench.Settings(rounds, parsed, Durations.parse(warmup), Durations.parse(loadPhase),
                    threads, load.keys, load.valueBytes, load.seed());
        } catch (IllegalArgumentException e) {
            System.err.println("faultline bench-restart: " + e.getMessage());
            return 2;
        }
        if (load.validateOnly) return 0;
        out.printf("[bench] seed %d; %d rounds per scenario %s; loads of %d threads, %s each; machine: %d cores, "
                        + "Java %s, load average %s%n", settings.seed(), rounds, scenarios, threads, loadPhase,
                Runtime.getRuntime().availableProcessors(), System.getProperty("java.version"), LoadAverage.now());
        List<RestartBench.SystemResult> results = new ArrayList<>();
        RestartBench bench = new RestartBench(settings, out);
        for (SystemUnderTest system : suts) results.add(bench.run(system));
        out.println();
        out.println("[bench] load average at the end " + LoadAverage.now());
        out.print(RestartBench.table(results));
        return 0;
    }

    /** Restart -> serving of every start in the logs under {@link #logs}, the first start of each log left out. */
    private int fromLogs(SystemUnderTest system) {
        List<Long> restarts = new ArrayList<>();
        int files = 0;
        int unserved = 0;
        try {
            for (Path p : logs) {
                List<Path> found;
                try (Stream<Path> walk = Files.walk(p)) {
                    found = walk.filter(f -> f.toString().endsWith(".log") && Files.isRegularFile(f)
                            && f.getParent() != null && f.getParent().getFileName().toString().equals("nodes")
                            || f.equals(p) && Files.isRegularFile(f)).sorted().toList();
                }
                for (Path f : found) {
                    files++;
                    List<ServingTimes.Start> starts = ServingTimes.read(Files.readAllLines(f), system);
                    for (ServingTimes.Start start : starts.subList(Math.min(1, starts.size()), starts.size())) {
                        if (start.toServing().isPresent()) restarts.add(start.toServing().get().toNanos());
                        else unserved++;
                    }
                }
            }
        } catch (IOException e) {
            System.err.println("faultline bench-restart: cannot read " + e.getMessage());
            return 2;
        }
        long[] nanos = restarts.stream().mapToLong(Long::longValue).sorted().toArray();
        out.printf("%d restarts in %d node logs (%s); restart -> serving median / p90: %s; range %s; "
                        + "%d restarts without a serving line%n", nanos.length, files, system.name(),
                RestartBench.summary(nanos), nanos.length == 0 ? "–"
                        : String.format("%.0f–%.0f ms", nanos[0] / 1e6, nanos[nanos.length - 1] / 1e6), unserved);
        return nanos.length == 0 ? 2 : 0;
    }
}
