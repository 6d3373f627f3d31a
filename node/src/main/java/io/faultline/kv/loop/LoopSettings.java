package io.faultline.kv.loop;

/**
 * @param snapshotThreshold applied entries kept in the log before it is compacted
 * @param requestTimeoutMs  a write or read not answered by then gets DEADLINE_EXCEEDED
 * @param transferTimeoutMs a leadership transfer not done by then gets DEADLINE_EXCEEDED
 * @param unsafe            bugs switched on deliberately ({@link io.faultline.kv.config.UnsafeFlags#NONE} normally)
 */
public record LoopSettings(long snapshotThreshold, long requestTimeoutMs, long transferTimeoutMs,
        io.faultline.kv.config.UnsafeFlags unsafe) {

    public LoopSettings(long snapshotThreshold, long requestTimeoutMs, long transferTimeoutMs) {
        this(snapshotThreshold, requestTimeoutMs, transferTimeoutMs, io.faultline.kv.config.UnsafeFlags.NONE);
    }
}
