package io.faultline.kv.log;

import java.io.PrintStream;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/**
 * The node's event log: one line per event on stdout, each with the node id and
 * the term and role at that moment, e.g.
 * {@code 2026-11-25T17:40:01.123Z n2 t5 leader    became leader}.
 */
public final class NodeLog {
    private static final DateTimeFormatter TIME =
            DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);

    /**
     * Starts the text of a line saying this node caught Raft's safety broken (see
     * {@link io.faultline.raft.SafetyViolation}); a test harness treats such a line as a
     * violation, so no healthy run may ever print it.
     */
    public static final String SAFETY_VIOLATION = "RAFT SAFETY VIOLATION";

    /**
     * A line after its time stamp, as {@link #info} writes it: node, term, role (padded) and
     * event; groups 1 term, 2 role, 3 event. Readers of the logs parse with it.
     */
    public static final java.util.regex.Pattern STATE = java.util.regex.Pattern.compile("^n\\d+ t(\\d+) (\\S+)\\s+(.*)$");

    /** Starts the event of the line a node logs once it serves clients (at the end of its start). */
    public static final String SERVING = "serving clients on ";

    /** A line as {@link #info} writes it: its time stamp, the node's term and role then, and the event. */
    public record Line(Instant at, long term, String role, String event) {}

    /** {@code line} read as {@link #info} writes it; empty for any other line. */
    public static java.util.Optional<Line> parse(String line) {
        int space = line.indexOf(' ');
        if (space < 0) return java.util.Optional.empty();
        java.util.regex.Matcher m = STATE.matcher(line.substring(space + 1));
        if (!m.matches()) return java.util.Optional.empty();
        try {
            return java.util.Optional.of(new Line(Instant.parse(line.substring(0, space)), Long.parseLong(m.group(1)),
                    m.group(2), m.group(3)));
        } catch (java.time.format.DateTimeParseException e) {
            return java.util.Optional.empty();
        }
    }

    /** When {@code line} is the line saying the node serves clients, the time stamped on it. */
    public static java.util.Optional<Instant> servingAt(String line) {
        if (!line.contains(SERVING)) return java.util.Optional.empty(); // most lines, cheaply
        return parse(line).filter(l -> l.event().startsWith(SERVING)).map(Line::at);
    }

    /** Whether a line of a node's log is such a finding. */
    public static boolean saysSafetyBroke(String line) {
        return line.contains(SAFETY_VIOLATION);
    }

    /** The term in which the node became leader, when {@code line} is the line saying so. */
    public static java.util.OptionalLong electedTerm(String line) {
        if (!line.endsWith("became leader")) return java.util.OptionalLong.empty(); // most lines, cheaply
        return parse(line).filter(l -> l.role().equals("leader") && l.event().equals("became leader"))
                .map(l -> java.util.OptionalLong.of(l.term())).orElse(java.util.OptionalLong.empty());
    }

    private final long nodeId;
    private final PrintStream out;
    private final java.util.function.LongSupplier epochMillis;
    private volatile long term;
    private volatile String role = "follower";

    public NodeLog(long nodeId, PrintStream out) {
        this(nodeId, out, System::currentTimeMillis);
    }

    /** @param epochMillis the time stamped on each line (virtual time in the simulator) */
    public NodeLog(long nodeId, PrintStream out, java.util.function.LongSupplier epochMillis) {
        this.nodeId = nodeId;
        this.out = out;
        this.epochMillis = epochMillis;
    }

    public static NodeLog stdout(long nodeId) {
        return new NodeLog(nodeId, System.out);
    }

    /** Called by the Ready loop whenever term or role changes. */
    public void state(long newTerm, String newRole) {
        term = newTerm;
        role = newRole;
    }

    public void info(String event) {
        String line = TIME.format(Instant.ofEpochMilli(epochMillis.getAsLong())) + " n" + nodeId + " t" + term + " " + pad(role) + " " + event;
        out.println(line);
    }

    private static String pad(String text) {
        StringBuilder padded = new StringBuilder(text);
        while (padded.length() < 9) padded.append(' ');
        return padded.toString();
    }
}
