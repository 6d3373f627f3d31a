package io.faultline.kv.storage;

/**
 * The node's durable store as the Ready loop sees it: three ordered key spaces
 * written in atomic batches. {@code sync} is the only durability promise: a batch
 * written without it may be lost by a crash (together with every later one), a
 * synced batch and everything written before it survive. RocksDB implements it
 * in production ({@link RocksStore}); the simulator implements it in memory with a
 * crash that drops what was never synced.
 */
public interface Disk {
    /** The key spaces (RocksDB column families). */
    enum Family { META, LOG, KV }

    /** The value stored under {@code key}, or null. */
    byte[] get(Family family, byte[] key);

    /** Applies {@code batch} atomically; with {@code sync} it is durable when this returns. */
    void write(DiskBatch batch, boolean sync);

    /** Visits the pairs with keys ≥ {@code from} in key order (unsigned bytes) while the visitor returns true. */
    void scan(Family family, byte[] from, Visitor visitor);

    /**
     * Visits the keys ≥ {@code from} in key order while the visitor returns true, for a
     * caller that needs no values (the log's shape check at start reads every key).
     */
    default void scanKeys(Family family, byte[] from, KeyVisitor visitor) {
        scan(family, from, (key, value) -> visitor.visit(key));
    }

    /** The greatest key of {@code family}, or null when it is empty. */
    byte[] lastKey(Family family);

    @FunctionalInterface
    interface Visitor {
        boolean visit(byte[] key, byte[] value);
    }

    @FunctionalInterface
    interface KeyVisitor {
        boolean visit(byte[] key);
    }
}
