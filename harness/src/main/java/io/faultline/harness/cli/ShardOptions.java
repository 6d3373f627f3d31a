package io.faultline.harness.cli;

import io.faultline.harness.shard.Shard;
import java.util.Map;
import java.util.Optional;
import picocli.CommandLine.Option;

/** {@code --shard I/N} and {@code --shard-count N} of {@code sim} and {@code detect}. */
public final class ShardOptions {
    @Option(names = "--shard", paramLabel = "I/N",
            description = "Run only shard I (from 0) of N: the seeds at positions I, I+N, I+2N, ... of the range; "
                    + "write a summary for `faultline merge` into the output directory.")
    String shard;

    @Option(names = "--shard-count", paramLabel = "N",
            description = "Run as one of N shards, the index taken from " + Shard.INDEX_VARIABLE
                    + " (set by a Kubernetes Indexed Job).")
    Integer shardCount;

    /** The environment the index is read from (a test gives its own). */
    Map<String, String> env = System.getenv();

    /** Empty when the run is not sharded. */
    Optional<Shard> shard() {
        return Shard.resolve(shard, shardCount, env);
    }

    /** The options as given, for a refusal that names them. */
    String given() {
        return shard != null ? "--shard " + shard : "--shard-count " + shardCount;
    }

    /** {@code args} without the shard options (and their values): the command every shard shares. */
    static java.util.List<String> without(java.util.List<String> args) {
        java.util.List<String> out = new java.util.ArrayList<>();
        for (int i = 0; i < args.size(); i++) {
            String a = args.get(i);
            if (a.equals("--shard") || a.equals("--shard-count")) {
                i++;
                continue;
            }
            if (a.startsWith("--shard=") || a.startsWith("--shard-count=")) continue;
            out.add(a);
        }
        return out;
    }
}
