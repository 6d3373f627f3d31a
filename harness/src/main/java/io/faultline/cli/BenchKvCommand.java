package io.faultline.cli;

import io.faultline.kv.bench.KvBench;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** `faultline bench-kv`: a 3-node KV cluster on loopback, fsync on. */
@Command(name = "bench-kv", mixinStandardHelpOptions = true,
        description = "Benchmark the KV node: puts/s and p50/p99 latency at 1, 16 and 128 clients, "
                + "then gets/s through ReadIndex, on a 3-node cluster in this JVM (fsync on).")
public final class BenchKvCommand implements Callable<Integer> {

    @Option(names = "--seconds", defaultValue = "5", description = "Time per phase (default: ${DEFAULT-VALUE}).")
    int seconds;

    @Override
    public Integer call() throws Exception {
        KvBench.main(new String[] {Integer.toString(seconds)});
        return 0;
    }
}
