package io.faultline.kv.storage;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/** Key layout of the data directory. Log keys are big-endian indices so they sort by index. */
final class Keys {
    private Keys() {}

    static final byte[] IDENTITY = meta("identity");
    static final byte[] HARD_STATE = meta("hard_state");
    static final byte[] CONF_STATE = meta("conf_state");
    static final byte[] APPLIED = meta("applied");
    /** Index and term of the last entry compacted away (0, 0 when nothing was). */
    static final byte[] TRUNCATED = meta("truncated");
    static final byte[] MEMBERS = meta("members");

    private static byte[] meta(String name) {
        return name.getBytes(StandardCharsets.US_ASCII);
    }

    static byte[] logKey(long index) {
        return ByteBuffer.allocate(8).putLong(index).array();
    }

    static long logIndex(byte[] key) {
        return ByteBuffer.wrap(key).getLong();
    }

    static byte[] longs(long... values) {
        ByteBuffer buffer = ByteBuffer.allocate(8 * values.length);
        for (long v : values) buffer.putLong(v);
        return buffer.array();
    }

    static long[] readLongs(byte[] bytes, int count, String what) {
        if (bytes.length != 8 * count) {
            throw new DataDirException("meta key '" + what + "' has " + bytes.length + " bytes, expected " + 8 * count);
        }
        ByteBuffer buffer = ByteBuffer.wrap(bytes);
        long[] values = new long[count];
        for (int i = 0; i < count; i++) values[i] = buffer.getLong();
        return values;
    }
}
