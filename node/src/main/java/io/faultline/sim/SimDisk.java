package io.faultline.sim;

import io.faultline.kv.storage.Disk;
import io.faultline.kv.storage.DiskBatch;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.SplittableRandom;
import java.util.TreeMap;

/**
 * A disk that honours fsync and nothing more: what a node wrote is visible at once,
 * but only a synced batch (with everything written before it, as a write-ahead log
 * keeps order) is sure to survive a crash. At a crash a random prefix of the unsynced
 * batches survives; a batch cut in the middle (a torn record) fails its checksum and is
 * dropped with all after it, so "torn" reduces to "lost".
 */
public final class SimDisk implements Disk {
    private static final java.util.Comparator<byte[]> UNSIGNED = Arrays::compareUnsigned;

    private final Map<Family, NavigableMap<byte[], byte[]>> durable = maps();
    private Map<Family, NavigableMap<byte[], byte[]>> live = maps();
    private final List<DiskBatch> unsynced = new ArrayList<>();
    private long writes;
    private long syncs;
    /** Called before every write: the simulator may crash the node there (by throwing). */
    private Runnable beforeWrite = () -> {};

    private static Map<Family, NavigableMap<byte[], byte[]>> maps() {
        Map<Family, NavigableMap<byte[], byte[]>> m = new EnumMap<>(Family.class);
        for (Family f : Family.values()) m.put(f, new TreeMap<>(UNSIGNED));
        return m;
    }

    void beforeWrite(Runnable hook) {
        beforeWrite = hook;
    }

    @Override
    public byte[] get(Family family, byte[] key) {
        return live.get(family).get(key);
    }

    @Override
    public void write(DiskBatch batch, boolean sync) {
        beforeWrite.run();
        apply(live, batch);
        writes++;
        unsynced.add(batch);
        if (sync) {
            syncs++;
            for (DiskBatch b : unsynced) apply(durable, b);
            unsynced.clear();
        }
    }

    @Override
    public void scan(Family family, byte[] from, Visitor visitor) {
        for (Map.Entry<byte[], byte[]> e : live.get(family).tailMap(from, true).entrySet()) {
            if (!visitor.visit(e.getKey(), e.getValue())) return;
        }
    }

    @Override
    public byte[] lastKey(Family family) {
        NavigableMap<byte[], byte[]> m = live.get(family);
        return m.isEmpty() ? null : m.lastKey();
    }

    /**
     * The power fails: what was synced survives, and of the batches written since, a
     * prefix of random length (none, when {@code loseAllUnsynced}). Returns how many were lost.
     */
    int crash(SplittableRandom random, boolean loseAllUnsynced) {
        int keep = loseAllUnsynced || unsynced.isEmpty() ? 0 : random.nextInt(unsynced.size() + 1);
        for (DiskBatch b : unsynced.subList(0, keep)) apply(durable, b);
        int lost = unsynced.size() - keep;
        unsynced.clear();
        live = maps();
        durable.forEach((family, map) -> live.get(family).putAll(map));
        return lost;
    }

    /** The process dies, the machine does not: what it wrote is in the page cache and stays. */
    void processDied() {
        for (DiskBatch b : unsynced) apply(durable, b);
        unsynced.clear();
    }

    int unsyncedBatches() {
        return unsynced.size();
    }

    long writes() {
        return writes;
    }

    long syncs() {
        return syncs;
    }

    private static void apply(Map<Family, NavigableMap<byte[], byte[]>> maps, DiskBatch batch) {
        for (DiskBatch.Op op : batch.ops()) {
            NavigableMap<byte[], byte[]> m = maps.get(op.family());
            if (op instanceof DiskBatch.Put p) {
                m.put(p.key(), p.value());
            } else if (op instanceof DiskBatch.Delete d) {
                m.remove(d.key());
            } else if (op instanceof DiskBatch.DeleteRange r) {
                m.subMap(r.from(), true, r.to(), false).clear();
            }
        }
    }
}
