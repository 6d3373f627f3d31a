package io.faultline.harness.bench;

import io.faultline.checker.history.Op;
import io.faultline.harness.client.Completion;
import io.faultline.harness.generator.KvOp;
import io.faultline.harness.generator.OpKind;
import io.faultline.harness.generator.Seeds;
import io.faultline.harness.system.SystemClient;
import io.faultline.harness.system.SystemSession;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.OptionalLong;
import java.util.SplittableRandom;
import java.util.function.Supplier;

/**
 * One closed-loop load phase: {@code threads} clients, each with its own client of
 * the system, send one operation after another (puts of a fixed value or gets) to
 * random keys, for a fixed time and at most a fixed number of operations each.
 */
final class LoadPhase {
    /** A cap on each thread's operations, so no loop runs unbounded even if time stood still. */
    static final int MAX_OPS_PER_THREAD = 2_000_000;

    /**
     * What a phase measured: ok operations per second, the latency of the ok ones, and
     * the CPU time the system's nodes spent (NaN when it cannot be read).
     */
    record Result(OpKind kind, int threads, long ok, long notOk, double seconds, double p50Ms, double p99Ms,
                  double serverCpuSeconds) {
        double opsPerSecond() {
            return ok / seconds;
        }

        /** The nodes' CPU time per ok operation, in milliseconds (NaN when unknown). */
        double cpuMsPerOp() {
            return ok == 0 ? Double.NaN : serverCpuSeconds * 1000 / ok;
        }
    }

    private LoadPhase() {}

    static Result run(SystemSession session, List<Integer> nodes, OpKind kind, int threads, Duration time, int keys,
                      String value, Duration opTimeout, long seed, Supplier<OptionalLong> serverCpuNanos)
            throws InterruptedException {
        long[][] latencies = new long[threads][];
        long[] notOk = new long[threads];
        Thread[] workers = new Thread[threads];
        long start = System.nanoTime();
        long deadline = start + time.toNanos();
        for (int t = 0; t < threads; t++) {
            int index = t;
            SystemClient client = session.client(opTimeout, nodes.get(t % nodes.size()));
            SplittableRandom rnd = Seeds.stream(seed, "bench-" + kind + "-" + threads, t);
            workers[t] = new Thread(() -> {
                long[] lat = new long[1024];
                int n = 0;
                try (client) {
                    for (int i = 0; i < MAX_OPS_PER_THREAD && System.nanoTime() < deadline; i++) {
                        String key = "bench-k" + rnd.nextInt(keys);
                        KvOp op = kind == OpKind.READ
                                ? new KvOp("get", OpKind.READ, key, key, null)
                                : new KvOp("put", OpKind.WRITE, key, key, value);
                        long t0 = System.nanoTime();
                        Completion c = client.invoke(op);
                        long took = System.nanoTime() - t0;
                        if (c.type() != Op.Type.OK) {
                            notOk[index]++;
                            if (c.type() == Op.Type.INFO) client.moveOn();
                            continue;
                        }
                        if (n == lat.length) lat = Arrays.copyOf(lat, n * 2);
                        lat[n++] = took;
                    }
                }
                latencies[index] = Arrays.copyOf(lat, n);
            }, "bench-" + t);
            workers[t].setDaemon(true);
        }
        OptionalLong cpuBefore = serverCpuNanos.get();
        for (Thread w : workers) w.start();
        for (Thread w : workers) w.join(time.toMillis() + opTimeout.toMillis() * 4 + 10_000);
        double seconds = (System.nanoTime() - start) / 1e9;
        OptionalLong cpuAfter = serverCpuNanos.get();
        double cpuSeconds = cpuBefore.isPresent() && cpuAfter.isPresent()
                ? (cpuAfter.getAsLong() - cpuBefore.getAsLong()) / 1e9 : Double.NaN;
        List<long[]> done = new ArrayList<>();
        for (long[] l : latencies) if (l != null) done.add(l);
        long[] all = done.stream().flatMapToLong(Arrays::stream).sorted().toArray();
        return new Result(kind, threads, all.length, Arrays.stream(notOk).sum(), seconds,
                percentileMs(all, 0.50), percentileMs(all, 0.99), cpuSeconds);
    }

    /** The {@code q} quantile (nearest rank below) of sorted nanoseconds, in milliseconds; NaN when empty. */
    static double percentileMs(long[] sorted, double q) {
        if (sorted.length == 0) return Double.NaN;
        return sorted[(int) Math.min(sorted.length - 1, Math.floor(q * sorted.length))] / 1e6;
    }
}
