package io.faultline.kv.bench;

import io.faultline.kv.LoopbackPorts;
import io.faultline.kv.api.GetRequest;
import io.faultline.kv.api.PutRequest;
import io.faultline.kv.client.ClusterClient;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Stream;

/**
 * Throughput, latency and CPU per operation of a 3-node cluster of separate node
 * processes on loopback, with fsync on: puts at 1, 16 and 128 concurrent clients,
 * then gets through ReadIndex. Every phase runs a fixed time after an unmeasured
 * warm-up (so the JIT's work is not charged to the first phase); CPU is that of the
 * three node processes. Usage: {@code KvBench [seconds-per-phase] [data-dir|-] [cases]},
 * cases as {@code put1,get16} (default all six); a data directory given is kept.
 */
public final class KvBench {
    private static final int VALUE_BYTES = 100;
    private static final int WARMUP_SECONDS = 20;

    public static void main(String[] args) throws Exception {
        int seconds = args.length > 0 ? Integer.parseInt(args[0]) : 5;
        boolean keep = args.length > 1 && !args[1].equals("-");
        Path root = keep ? Path.of(args[1]) : Files.createTempDirectory("faultline-bench");
        List<String> cases = List.of((args.length > 2 ? args[2] : "put1,put16,put128,get1,get16,get128").split(","));
        for (String c : cases) {
            if (!c.matches("(put|get)[1-9][0-9]*")) {
                System.err.println("KvBench: bad case '" + c + "': expected put<clients> or get<clients>, e.g. put1,get16");
                System.exit(2);
            }
        }
        Files.createDirectories(root);
        System.out.printf("machine: %d cores, %s %s, Java %s, load average %s; 3 node processes %s, data under %s; "
                        + "fsync on; %d s per phase%n", Runtime.getRuntime().availableProcessors(),
                System.getProperty("os.name"), System.getProperty("os.arch"), System.getProperty("java.version"),
                loadAverage(), NodeProcesses.JVM_FLAGS, root, seconds);
        SortedMap<Long, String> peers = new TreeMap<>();
        SortedMap<Long, String> clients = new TreeMap<>();
        for (long id = 1; id <= 3; id++) {
            peers.put(id, "127.0.0.1:" + LoopbackPorts.next());
            clients.put(id, "127.0.0.1:" + LoopbackPorts.next());
        }
        try (NodeProcesses nodes = new NodeProcesses(peers, clients, root);
             ClusterClient client = new ClusterClient(clients, 5000)) {
            long leader = awaitLeader(client);
            String value = "x".repeat(VALUE_BYTES);
            Phase.Call put = (thread, i) -> client.kv(leader).put(PutRequest.newBuilder()
                    .setKey("k" + thread + "-" + (i % 1000)).setValue(value).build());
            Phase.Call get = (thread, i) -> client.kv(leader).get(GetRequest.newBuilder()
                    .setKey("k" + thread + "-" + (i % 1000)).build());
            Phase.run("warm-up put", 16, WARMUP_SECONDS, put, nodes);
            Phase.run("warm-up get", 16, WARMUP_SECONDS, get, nodes);
            if (!nodes.cpuKnown()) System.out.println("(the nodes' CPU time cannot be read here: CPU/op shows NaN)");
            for (String c : cases) {
                boolean isPut = c.startsWith("put");
                Phase.run(isPut ? "put" : "get", Integer.parseInt(c.substring(3)), seconds, isPut ? put : get, nodes)
                        .print();
            }
            System.out.println("load average at the end " + loadAverage());
        } finally {
            if (!keep) deleteTree(root);
        }
        System.exit(0);
    }

    private static String loadAverage() {
        try {
            return Files.readString(Path.of("/proc/loadavg")).strip();
        } catch (IOException | RuntimeException e) {
            return "unknown";
        }
    }

    private static long awaitLeader(ClusterClient client) throws InterruptedException {
        long deadline = System.currentTimeMillis() + 20_000;
        while (System.currentTimeMillis() < deadline) {
            for (long id = 1; id <= 3; id++) {
                var status = client.status(id);
                if (status.isPresent() && status.get().getRole().equals("leader")) return id;
            }
            Thread.sleep(50);
        }
        throw new IllegalStateException("no leader within 20 s");
    }

    /** One timed phase: {@code concurrency} threads each issuing calls back to back. */
    private record Phase(String name, int concurrency, double seconds, long ops, long errors, long[] latenciesNanos,
                         long cpuNanos) {

        interface Call {
            void run(int thread, long i);
        }

        static Phase run(String name, int concurrency, int seconds, Call call, NodeProcesses nodes)
                throws InterruptedException {
            AtomicBoolean measuring = new AtomicBoolean(false);
            AtomicBoolean stop = new AtomicBoolean(false);
            List<long[]> perThread = new ArrayList<>();
            long[] errors = new long[concurrency];
            List<Thread> threads = new ArrayList<>();
            for (int t = 0; t < concurrency; t++) {
                int thread = t;
                long[][] samples = {new long[1 << 16]};
                perThread.add(null);
                Thread worker = new Thread(() -> {
                    long i = 0;
                    int n = 0;
                    while (!stop.get()) {
                        long start = System.nanoTime();
                        try {
                            call.run(thread, i++);
                        } catch (RuntimeException e) {
                            if (measuring.get()) errors[thread]++;
                            continue;
                        }
                        if (!measuring.get()) continue;
                        if (n == samples[0].length) samples[0] = Arrays.copyOf(samples[0], n * 2);
                        samples[0][n++] = System.nanoTime() - start;
                    }
                    synchronized (perThread) {
                        perThread.set(thread, Arrays.copyOf(samples[0], n));
                    }
                }, "bench-" + name + "-" + t);
                threads.add(worker);
                worker.start();
            }
            Thread.sleep(1000); // warm-up, not measured
            measuring.set(true);
            long begin = System.nanoTime();
            long cpuBegin = nodes.cpuNanos();
            Thread.sleep(TimeUnit.SECONDS.toMillis(seconds));
            measuring.set(false);
            long cpu = nodes.cpuKnown() ? nodes.cpuNanos() - cpuBegin : -1;
            double elapsed = (System.nanoTime() - begin) / 1e9;
            stop.set(true);
            for (Thread t : threads) t.join(10_000);
            long[] all = perThread.stream().filter(a -> a != null).flatMapToLong(Arrays::stream).sorted().toArray();
            return new Phase(name, concurrency, elapsed, all.length, Arrays.stream(errors).sum(), all, cpu);
        }

        void print() {
            double cpuMsPerOp = cpuNanos < 0 || ops == 0 ? Double.NaN : cpuNanos / 1e6 / ops;
            System.out.printf("%-4s clients=%-4d %9.0f ops/s   p50 %7.2f ms   p99 %7.2f ms   CPU %6.3f ms/op   "
                    + "(%d ops, %d errors)%n", name, concurrency, ops / seconds, percentile(0.50), percentile(0.99),
                    cpuMsPerOp, ops, errors);
        }

        private double percentile(double p) {
            if (latenciesNanos.length == 0) return Double.NaN;
            int index = (int) Math.min(latenciesNanos.length - 1, Math.ceil(p * latenciesNanos.length) - 1);
            return latenciesNanos[Math.max(0, index)] / 1e6;
        }
    }


    private static void deleteTree(Path root) throws IOException {
        try (Stream<Path> paths = Files.walk(root)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) Files.deleteIfExists(p);
        }
    }

    private KvBench() {}
}
