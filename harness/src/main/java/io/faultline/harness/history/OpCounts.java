package io.faultline.harness.history;

import io.faultline.checker.history.Op;
import java.util.concurrent.atomic.AtomicLong;

/** Live counts of client completions, for the progress line. */
public final class OpCounts {
    private final AtomicLong invoked = new AtomicLong();
    private final AtomicLong ok = new AtomicLong();
    private final AtomicLong fail = new AtomicLong();
    private final AtomicLong info = new AtomicLong();

    void add(Op.Type type) {
        switch (type) {
            case INVOKE -> invoked.incrementAndGet();
            case OK -> ok.incrementAndGet();
            case FAIL -> fail.incrementAndGet();
            case INFO -> info.incrementAndGet();
        }
    }

    public long invoked() {
        return invoked.get();
    }

    public long ok() {
        return ok.get();
    }

    public long fail() {
        return fail.get();
    }

    public long info() {
        return info.get();
    }
}
