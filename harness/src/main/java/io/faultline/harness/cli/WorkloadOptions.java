package io.faultline.harness.cli;

import io.faultline.checker.cli.Durations;
import io.faultline.harness.generator.KeyDistribution;
import io.faultline.harness.generator.OpMix;
import io.faultline.harness.run.Rates;
import io.faultline.harness.workload.Workload;
import java.time.Duration;
import picocli.CommandLine.Option;

/**
 * The workload options shared by {@code run} (and so {@code detect}) and {@code sim}: one
 * parsing, one help text. Defaults are per command (the constructor's), shown in the help
 * as the field's initial value.
 */
public final class WorkloadOptions {
    @Option(names = "--workload",
            description = "kv (independent keys: get/put/cas/delete) or register (one key: read/write/cas). "
                    + "Default: ${DEFAULT-VALUE}.")
    String workload = Workload.KV;

    @Option(names = "--keys", description = "Keys of the kv workload. Default: ${DEFAULT-VALUE}.")
    int keys;

    @Option(names = "--key-distribution", description = "uniform or zipf (a few hot keys). Default: ${DEFAULT-VALUE}.")
    String keyDistribution = "uniform";

    @Option(names = "--op-mix", description = "Weights, e.g. read=45,write=30,cas=20,delete=5. "
            + "Default: that for kv, read=50,write=30,cas=20 for register.")
    String opMix;

    @Option(names = "--read-after-write",
            description = "Share of writes and cas a worker follows at once with a read of the same key, e.g. 50%%: "
                    + "a write that is acknowledged and then lost shows in the very next read. Default: ${DEFAULT-VALUE}.")
    String readAfterWrite = "0%";

    @Option(names = "--recheck-writes",
            description = "After an op gets no answer (unknown outcome, timeout, no leader), a worker first reads "
                    + "again the keys of its last N acknowledged writes: writes a crash lost show before new "
                    + "writes hide them. 0 = off. Default: ${DEFAULT-VALUE}.")
    int recheckWrites = 0;

    @Option(names = "--concurrency", description = "Client workers. Default: ${DEFAULT-VALUE}.")
    int concurrency;

    @Option(names = "--rate", description = "Target total rate, e.g. 200/s; 0 = unlimited. Default: ${DEFAULT-VALUE}.")
    String rate = "200/s";

    @Option(names = "--op-timeout", description = "Per-operation client timeout. Default: ${DEFAULT-VALUE}.")
    String opTimeout = "1500ms";

    /** Defaults of {@code run}. */
    public static WorkloadOptions forRun() {
        return new WorkloadOptions(10, 10);
    }

    /** Defaults of {@code sim}: fewer workers, so that many seeds a minute fit. */
    public static WorkloadOptions forSim() {
        return new WorkloadOptions(10, 8);
    }

    private WorkloadOptions(int keys, int concurrency) {
        this.keys = keys;
        this.concurrency = concurrency;
    }

    public Workload workload() {
        OpMix mix = opMix == null ? null : OpMix.parse(opMix);
        return Workload.of(workload, keys, KeyDistribution.parse(keyDistribution), mix)
                .withReadAfterWrite(Shares.percent("--read-after-write", readAfterWrite))
                .withRecheckWrites(recheckWrites);
    }

    public int concurrency() {
        if (concurrency < 1) throw new IllegalArgumentException("--concurrency must be at least 1");
        return concurrency;
    }

    public double rate() {
        return Rates.parse(rate);
    }

    public Duration opTimeout() {
        return Durations.parse(opTimeout);
    }
}
