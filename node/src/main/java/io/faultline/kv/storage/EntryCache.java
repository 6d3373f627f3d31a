package io.faultline.kv.storage;

import io.faultline.raft.pb.Entry;

/**
 * The most recent log entries in memory (a ring buffer, contiguous by index), so
 * replication and term lookups rarely read RocksDB.
 */
final class EntryCache {
    private final Entry[] ring;
    private long first = 1; // index of the oldest cached entry
    private int count;

    EntryCache(int capacity) {
        this.ring = new Entry[capacity];
    }

    /** Appends {@code entry}, first dropping cached entries at or after its index. */
    void append(Entry entry) {
        long index = entry.getIndex();
        if (count > 0 && index <= first + count - 1 && index >= first) {
            count = (int) (index - first);
        } else if (count > 0 && index != first + count) {
            count = 0;
        }
        if (count == 0) first = index;
        if (count == ring.length) {
            first++;
            count--;
        }
        ring[slot(index)] = entry;
        count++;
    }

    /** Drops entries at or below {@code index}. */
    void dropThrough(long index) {
        if (count == 0 || index < first) return;
        long drop = Math.min(count, index - first + 1);
        first += drop;
        count -= (int) drop;
    }

    void clear() {
        count = 0;
    }

    Entry get(long index) {
        if (count == 0 || index < first || index >= first + count) return null;
        return ring[slot(index)];
    }

    private int slot(long index) {
        return (int) Math.floorMod(index, (long) ring.length);
    }
}
