package io.faultline.kv.loop;

import com.google.protobuf.ByteString;
import io.faultline.kv.api.GetResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * Gets that share one ReadIndex round: all arrived before it was issued, so one
 * confirmation of leadership serves them all.
 */
final class ReadBatch {
    record Read(ByteString key, CompletableFuture<GetResponse> future) {}

    final List<Read> reads = new ArrayList<>();
    final long deadlineNanos;
    /** The confirmed read index, or -1 while Raft has not confirmed leadership. */
    long index = -1;

    ReadBatch(long deadlineNanos) {
        this.deadlineNanos = deadlineNanos;
    }
}
