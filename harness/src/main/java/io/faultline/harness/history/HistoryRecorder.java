package io.faultline.harness.history;

import io.faultline.checker.history.HistoryWriter;
import io.faultline.checker.history.Op;
import java.io.Closeable;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The run's history as it happens: numbers ops densely, stamps them with
 * nanoseconds since the run started, keeps them in memory for the checker and the
 * report, and streams each line to history.jsonl (flushed, so an interrupted run
 * keeps a readable file).
 */
public final class HistoryRecorder implements Closeable {
    private final HistoryWriter writer;
    private final long startNanos;
    private final java.util.function.LongSupplier clock;
    private final List<Op> ops = new ArrayList<>();
    private final OpCounts counts = new OpCounts();
    private boolean closed;

    /** @param writer where lines go; null keeps the history in memory only */
    public HistoryRecorder(HistoryWriter writer, long startNanos) {
        this(writer, startNanos, System::nanoTime);
    }

    /** @param clock the time stamped on each op (virtual time in the simulator) */
    public HistoryRecorder(HistoryWriter writer, long startNanos, java.util.function.LongSupplier clock) {
        this.writer = writer;
        this.startNanos = startNanos;
        this.clock = clock;
    }

    public long startNanos() {
        return startNanos;
    }

    public Op record(long process, Op.Type type, String f, String key, Object value, Object error,
                     Map<String, Object> extra) {
        synchronized (this) {
            Op op = new Op(ops.size(), process, type, f, key, value, clock.getAsLong() - startNanos, error, extra);
            if (closed) return op; // late completions after an abort are not part of the history
            ops.add(op);
            if (writer != null) writer.append(op);
            if (process != Op.NEMESIS) counts.add(type);
            return op;
        }
    }

    public synchronized List<Op> ops() {
        return List.copyOf(ops);
    }

    /** A process number no client has used yet (for the final reads, after the workers). */
    public synchronized long nextFreeProcess() {
        long max = -1;
        for (Op op : ops) max = Math.max(max, op.process());
        return max + 1;
    }

    public OpCounts counts() {
        return counts;
    }

    @Override
    public synchronized void close() throws IOException {
        if (closed) return;
        closed = true;
        if (writer != null) writer.close();
    }
}
