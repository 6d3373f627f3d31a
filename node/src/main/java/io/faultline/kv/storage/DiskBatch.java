package io.faultline.kv.storage;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * Writes staged for one atomic {@link Disk#write}: all of them survive a crash, or none.
 * The batch keeps the arrays it is given (callers pass fresh ones).
 */
public final class DiskBatch {
    /** One staged change. */
    public sealed interface Op permits Put, Delete, DeleteRange {
        Disk.Family family();
    }

    public record Put(Disk.Family family, byte[] key, byte[] value) implements Op {}

    public record Delete(Disk.Family family, byte[] key) implements Op {}

    /** Deletes the keys in [from, to). */
    public record DeleteRange(Disk.Family family, byte[] from, byte[] to) implements Op {}

    private final List<Op> ops = new ArrayList<>();

    public DiskBatch put(Disk.Family family, byte[] key, byte[] value) {
        ops.add(new Put(family, key, value));
        return this;
    }

    public DiskBatch delete(Disk.Family family, byte[] key) {
        ops.add(new Delete(family, key));
        return this;
    }

    public DiskBatch deleteRange(Disk.Family family, byte[] from, byte[] to) {
        ops.add(new DeleteRange(family, from, to));
        return this;
    }

    public boolean isEmpty() {
        return ops.isEmpty();
    }

    public List<Op> ops() {
        return Collections.unmodifiableList(ops);
    }
}
