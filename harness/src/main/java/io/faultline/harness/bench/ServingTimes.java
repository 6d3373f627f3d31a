package io.faultline.harness.bench;

import io.faultline.harness.cluster.NodeContainer;
import io.faultline.harness.system.SystemUnderTest;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * How long each start of a node took to serve, read from its log: from the line the harness
 * writes just before it starts the process ({@link NodeContainer#START_MARKER} and the time)
 * to the next line in which the system says it serves clients
 * ({@link SystemUnderTest#servingAt}). Both times come from the same machine's clock.
 */
public final class ServingTimes {
    /**
     * One start: when the process was started, and when it served ({@code served} empty
     * when the log shows no serving line before the next start or its end).
     */
    public record Start(Instant started, Optional<Instant> served) {
        public Optional<Duration> toServing() {
            return served.map(s -> Duration.between(started, s));
        }
    }

    private ServingTimes() {}

    /** Every start in {@code lines}, in order. */
    public static List<Start> read(List<String> lines, SystemUnderTest system) {
        List<Start> starts = new ArrayList<>();
        Instant started = null;
        Instant served = null;
        for (String line : lines) {
            Optional<Instant> marker = startMarker(line);
            if (marker.isPresent()) {
                if (started != null) starts.add(new Start(started, Optional.ofNullable(served)));
                started = marker.get();
                served = null;
            } else if (started != null && served == null) {
                served = system.servingAt(line).orElse(null);
            }
        }
        if (started != null) starts.add(new Start(started, Optional.ofNullable(served)));
        return starts;
    }

    private static Optional<Instant> startMarker(String line) {
        if (!line.startsWith(NodeContainer.START_MARKER)) return Optional.empty();
        try {
            return Optional.of(Instant.parse(line.substring(NodeContainer.START_MARKER.length()).strip()));
        } catch (DateTimeParseException e) {
            return Optional.empty();
        }
    }
}
