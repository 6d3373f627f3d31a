package io.faultline.cli;

import io.faultline.raft.bench.RaftBench;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** `faultline bench-raft`: the in-memory 3-node RawNode benchmark. */
@Command(name = "bench-raft", mixinStandardHelpOptions = true,
        description = "Benchmark the Raft core: committed entries/s and allocated bytes per entry "
                + "of an in-memory 3-node cluster (64 B and 1 KiB payloads, single and batched).")
public final class BenchRaftCommand implements Runnable {

    @Option(names = "--seconds", defaultValue = "3", description = "Time per case (default: ${DEFAULT-VALUE}).")
    double seconds;

    @Override
    public void run() {
        RaftBench.main(new String[] {Double.toString(seconds)});
    }
}
