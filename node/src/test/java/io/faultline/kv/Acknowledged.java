package io.faultline.kv;

import io.faultline.kv.api.GetRequest;
import io.faultline.kv.api.GetResponse;
import io.faultline.kv.client.ClusterClient;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Writes a client saw acknowledged, and the check that a node serves every one of them. */
final class Acknowledged {
    final Map<String, String> writes = new LinkedHashMap<>();

    void put(ClusterClient client, String key, String value) {
        putUntilAcknowledged(client, key, value);
        writes.put(key, value);
    }

    /**
     * Puts, repeating after an unknown outcome (a leader change mid-write); a put of the
     * same value is idempotent, so the repeat cannot hide a lost write.
     */
    static void putUntilAcknowledged(ClusterClient client, String key, String value) {
        long deadline = System.currentTimeMillis() + 20_000;
        while (true) {
            try {
                client.put(key, value, 10_000);
                return;
            } catch (StatusRuntimeException e) {
                Status.Code code = e.getStatus().getCode();
                boolean unknown = code == Status.Code.UNAVAILABLE || code == Status.Code.DEADLINE_EXCEEDED;
                if (!unknown || System.currentTimeMillis() > deadline) throw e;
            }
        }
    }

    /**
     * The acknowledged writes that {@code node}, as leader, does not serve, as "key: want/got".
     * Should leadership move meanwhile (a slow machine misses a heartbeat), {@code node}
     * is made leader again and the key read again: the check is of what it serves, not of
     * how fast the machine is.
     */
    List<String> missingOn(LocalCluster cluster, long node) throws InterruptedException {
        List<String> missing = new ArrayList<>();
        for (Map.Entry<String, String> e : writes.entrySet()) {
            GetResponse got = readAsLeader(cluster, node, e.getKey());
            if (!got.getFound() || !got.getValue().equals(e.getValue())) {
                missing.add(e.getKey() + ": want " + e.getValue() + ", got " + (got.getFound() ? got.getValue() : "nothing"));
            }
        }
        return missing;
    }

    private static GetResponse readAsLeader(LocalCluster cluster, long node, String key) throws InterruptedException {
        return KvClusterTest.onLeader(cluster, node, n -> cluster.client().kv(n).get(GetRequest.newBuilder().setKey(key).build()));
    }
}
