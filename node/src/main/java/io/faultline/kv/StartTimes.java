package io.faultline.kv;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Where a node's start went, phase by phase, for its "serving clients" line: a restarted
 * node that is slow to serve says in its own log whether the JVM, the storage, the Raft
 * state or the servers took the time (docs/node.md, *Where a restart's time goes*).
 *
 * <p>The first phases, {@code jvm} (from the launcher's start to {@code main}) and {@code flags}
 * (from {@code main} to the node's start), are known for a process started by the image's
 * launcher, which passes its own start as {@value #LAUNCHED} (epoch milliseconds); a node
 * started inside another program (tests) reports the phases after them.
 */
public final class StartTimes {
    /** The system property in which the launcher passes the epoch milliseconds at which it started. */
    public static final String LAUNCHED = "faultline.launched";

    /** Epoch milliseconds at which {@code main} began; 0 when the node was not started through it. */
    private static volatile long mainEpochMillis;

    private final List<String> names = new ArrayList<>();
    private final List<Long> millis = new ArrayList<>();
    private long lapNanos;

    private StartTimes(long beginNanos) {
        this.lapNanos = beginNanos;
    }

    /** Called first thing by the process's {@code main}. */
    public static void mainEntered() {
        mainEpochMillis = System.currentTimeMillis();
    }

    /** Starts timing a node's start; with {@link #mainEntered()} seen, the JVM's start and the flags come first. */
    public static StartTimes begin() {
        StartTimes times = new StartTimes(System.nanoTime());
        long main = mainEpochMillis;
        if (main != 0) {
            launchedEpochMillis().ifPresent(launched -> times.add("jvm", main - launched));
            times.add("flags", System.currentTimeMillis() - main);
        }
        return times;
    }

    private static Optional<Long> launchedEpochMillis() {
        try {
            return Optional.ofNullable(System.getProperty(LAUNCHED)).map(Long::parseLong);
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }

    /** Ends the phase named {@code phase} now. */
    public void lap(String phase) {
        long now = System.nanoTime();
        add(phase, (now - lapNanos) / 1_000_000);
        lapNanos = now;
    }

    private void add(String phase, long ms) {
        names.add(phase);
        millis.add(Math.max(0, ms));
    }

    /** E.g. {@code "start 412 ms: jvm 80, flags 95, library 30, storage 41, raft 60, servers 106"}. */
    public String summary() {
        StringBuilder b = new StringBuilder();
        long total = 0;
        for (int i = 0; i < names.size(); i++) {
            b.append(i == 0 ? "" : ", ").append(names.get(i)).append(' ').append(millis.get(i));
            total += millis.get(i);
        }
        return "start " + total + " ms: " + b;
    }
}
