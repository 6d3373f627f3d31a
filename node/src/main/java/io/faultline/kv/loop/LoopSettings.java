package io.faultline.kv.loop;

/**
 * @param snapshotThreshold applied entries kept in the log before it is compacted
 * @param requestTimeoutMs  a write or read not answered by then gets DEADLINE_EXCEEDED
 * @param transferTimeoutMs a leadership transfer not done by then gets DEADLINE_EXCEEDED
 */
public record LoopSettings(long snapshotThreshold, long requestTimeoutMs, long transferTimeoutMs) {}
