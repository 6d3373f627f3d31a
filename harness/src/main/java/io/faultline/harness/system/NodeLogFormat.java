package io.faultline.harness.system;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Optional;

/**
 * How one system's node log lines read: when each was written and, where a line says so, the
 * node's Raft role and term then. The report draws node lanes and tells the story from it.
 */
@FunctionalInterface
public interface NodeLogFormat {
    /** The line's time and what it states; empty for a line without a time stamp of this format. */
    Optional<Line> parse(String line);

    /**
     * @param term -1 when the line does not state one
     * @param role follower, pre-candidate, candidate or leader; null when the line does not state one
     * @param text the line without its time stamp
     */
    record Line(Instant at, long term, String role, String text) {}

    /** Lines that start with an ISO-8601 instant and a space; no role or term. */
    NodeLogFormat ISO_INSTANT = NodeLogFormat::isoStamped;

    /** {@code <ISO instant> <text>}, the instant parsed; empty for any other line. */
    static Optional<Line> isoStamped(String line) {
        int space = line.indexOf(' ');
        if (space < 20) return Optional.empty();
        try {
            return Optional.of(new Line(Instant.parse(line.substring(0, space)), -1, null, line.substring(space + 1)));
        } catch (DateTimeParseException e) {
            return Optional.empty();
        }
    }
}
