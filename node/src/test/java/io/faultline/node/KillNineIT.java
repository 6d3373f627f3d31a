package io.faultline.node;

import io.faultline.kv.LoopbackPorts;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.faultline.kv.api.GetResponse;
import io.faultline.kv.client.ClusterClient;
import io.grpc.StatusRuntimeException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Real node processes killed with SIGKILL while clients write: after every node
 * was killed (one at a time, then all at once) and restarted, every write a
 * client saw acknowledged is still there.
 */
@Timeout(value = 2, unit = TimeUnit.MINUTES)
class KillNineIT {
    @TempDir
    Path dir;

    private final SortedMap<Long, Integer> clientPorts = new TreeMap<>();
    private final SortedMap<Long, Integer> peerPorts = new TreeMap<>();
    private final Map<Long, Process> processes = new ConcurrentHashMap<>();

    @Test
    void acknowledgedWritesSurviveSigkill() throws Exception {
        long seed = Long.getLong("faultline.seed", System.nanoTime());
        System.out.println("KillNineIT seed " + seed + " (rerun with -Dfaultline.seed=" + seed + ")");
        Random random = new Random(seed);
        for (long id = 1; id <= 3; id++) {
            clientPorts.put(id, LoopbackPorts.next());
            peerPorts.put(id, LoopbackPorts.next());
        }
        SortedMap<Long, String> clientAddresses = new TreeMap<>();
        clientPorts.forEach((id, port) -> clientAddresses.put(id, "127.0.0.1:" + port));
        Map<String, String> acked = new ConcurrentHashMap<>();
        try (ClusterClient client = new ClusterClient(clientAddresses, 2000)) {
            for (long id = 1; id <= 3; id++) start(id);
            AtomicBoolean writing = new AtomicBoolean(true);
            AtomicInteger next = new AtomicInteger();
            List<Thread> writers = new ArrayList<>();
            for (int t = 0; t < 8; t++) {
                Thread writer = new Thread(() -> {
                    while (writing.get()) {
                        String key = "k" + next.getAndIncrement();
                        try {
                            client.put(key, "v-" + key, 3000);
                            acked.put(key, "v-" + key);
                        } catch (StatusRuntimeException e) {
                            // outcome unknown or no leader for a while: not acknowledged, not checked
                        }
                    }
                });
                writer.start();
                writers.add(writer);
            }
            for (int round = 0; round < 3; round++) {
                Thread.sleep(700);
                long victim = 1 + random.nextInt(3);
                kill(victim);
                Thread.sleep(300);
                start(victim);
            }
            Thread.sleep(700);
            for (long id = 1; id <= 3; id++) kill(id);
            writing.set(false);
            for (Thread w : writers) w.join(10_000);
            long restart = System.nanoTime();
            for (long id = 1; id <= 3; id++) start(id);
            System.out.println("KillNineIT: " + acked.size() + " acknowledged; restart took "
                    + (System.nanoTime() - restart) / 1_000_000 + " ms");

            assertTrue(acked.size() > 50, "too few writes acknowledged to mean anything: " + acked.size());
            long check = System.nanoTime();
            List<String> lost = java.util.Collections.synchronizedList(new ArrayList<>());
            acked.entrySet().parallelStream().forEach(e -> {
                GetResponse got = client.get(e.getKey(), 20_000);
                if (!got.getFound() || !got.getValue().equals(e.getValue())) lost.add(e.getKey());
            });
            System.out.println("KillNineIT: read back in " + (System.nanoTime() - check) / 1_000_000 + " ms");
            assertEquals(List.of(), lost, "acknowledged writes lost (of " + acked.size() + "), seed " + seed);
        } finally {
            for (long id : processes.keySet()) kill(id);
        }
    }

    private void start(long id) throws IOException, InterruptedException {
        Path log = dir.resolve("n" + id + ".log");
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        ProcessBuilder builder = new ProcessBuilder(java, "-Xmx128m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1",
                "-cp", System.getProperty("java.class.path"), NodeMain.class.getName(),
                "--id", Long.toString(id),
                "--peers", addresses(peerPorts),
                "--client-addresses", addresses(clientPorts),
                "--bind-host", "127.0.0.1",
                "--client-port", Integer.toString(clientPorts.get(id)),
                "--peer-port", Integer.toString(peerPorts.get(id)),
                "--data-dir", dir.resolve("n" + id).toString(),
                "--tick-ms", "20",
                "--snapshot-threshold", "300")
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        long linesBefore = Files.exists(log) ? Files.readAllLines(log).size() : 0;
        Process process = builder.start();
        processes.put(id, process);
        long deadline = System.currentTimeMillis() + 30_000;
        while (System.currentTimeMillis() < deadline) {
            if (!process.isAlive()) throw new AssertionError("n" + id + " exited " + process.exitValue() + ":\n" + Files.readString(log));
            List<String> lines = Files.readAllLines(log);
            if (lines.stream().skip(linesBefore).anyMatch(l -> l.contains("serving clients"))) return;
            Thread.sleep(50);
        }
        throw new AssertionError("n" + id + " did not start:\n" + Files.readString(log));
    }

    private void kill(long id) throws InterruptedException {
        Process process = processes.remove(id);
        if (process == null) return;
        process.destroyForcibly(); // SIGKILL on Unix
        process.waitFor(10, TimeUnit.SECONDS);
    }

    private static String addresses(Map<Long, Integer> ports) {
        StringBuilder out = new StringBuilder();
        ports.forEach((id, port) -> out.append(out.length() == 0 ? "" : ",").append(id).append("=127.0.0.1:").append(port));
        return out.toString();
    }

}
