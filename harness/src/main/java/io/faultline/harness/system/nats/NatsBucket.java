package io.faultline.harness.system.nats;

import io.nats.client.api.DiscardPolicy;
import io.nats.client.api.StorageType;
import io.nats.client.api.StreamConfiguration;
import java.time.Duration;
import java.util.Locale;

/**
 * The KV bucket the workload runs on, as the stream behind it: a bucket is a stream named
 * {@code KV_<bucket>} on the subjects {@code $KV.<bucket>.>}, one subject per key, keeping
 * {@code history} messages per subject; a delete is a message with a {@code KV-Operation: DEL}
 * header; a key's revision is the sequence of its last message.
 */
record NatsBucket(String name, int replicas, int history, StorageType storage, boolean directGet) {
    static final String DEFAULT_NAME = "faultline";
    static final int MAX_REPLICAS = 5;
    static final int MAX_HISTORY = 64;

    static NatsBucket of(int replicas, int history, String storage, boolean directGet) {
        if (history > MAX_HISTORY) {
            throw new IllegalArgumentException("nats option " + NatsSystem.HISTORY + " must be at most " + MAX_HISTORY
                    + ", got " + history);
        }
        StorageType type = switch (storage.toLowerCase(Locale.ROOT)) {
            case "file" -> StorageType.File;
            case "memory" -> StorageType.Memory;
            default -> throw new IllegalArgumentException("nats option " + NatsSystem.STORAGE
                    + " must be file or memory, got '" + storage + "'");
        };
        return new NatsBucket(DEFAULT_NAME, replicas, history, type, directGet);
    }

    String stream() {
        return "KV_" + name;
    }

    String subject(String key) {
        return "$KV." + name + "." + key;
    }

    /** The stream's settings as a KV client makes them for a bucket, with our replicas, history, storage and reads. */
    StreamConfiguration streamConfiguration() {
        return StreamConfiguration.builder()
                .name(stream())
                .subjects("$KV." + name + ".>")
                .maxMessagesPerSubject(history)
                .replicas(replicas)
                .storageType(storage)
                .discardPolicy(DiscardPolicy.New)
                .allowRollup(true)
                .denyDelete(true)
                .duplicateWindow(Duration.ofMinutes(2))
                .allowDirect(directGet)
                .build();
    }
}
