package io.faultline.harness.report;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One line of a node's log ({@code nodes/n<i>.log}) with its wall-clock stamp turned into run
 * seconds; the node's own format ({@code <instant> n2 t5 leader    event}) also gives the term
 * and role at that moment. Lines of another format keep their text, without term or role.
 *
 * @param seconds run seconds (history time), or null for an unstamped line
 * @param term    the term the node logged, -1 when the line does not say
 * @param role    the role the node logged, null when the line does not say
 * @param text    the line without its stamp
 */
record NodeLogLine(Double seconds, long term, String role, String text) {
    private static final Pattern STATE = io.faultline.kv.NodeLog.STATE;

    static NodeLogLine parse(String line, Instant historyZero) {
        int space = line.indexOf(' ');
        Instant at = null;
        if (space >= 20) {
            try {
                at = Instant.parse(line.substring(0, space));
            } catch (DateTimeParseException e) {
                at = null;
            }
        }
        if (at == null || historyZero == null) return new NodeLogLine(null, -1, null, line);
        double seconds = java.time.Duration.between(historyZero, at).toNanos() / 1e9;
        String rest = line.substring(space + 1);
        Matcher m = STATE.matcher(rest);
        if (m.matches()) return new NodeLogLine(seconds, Long.parseLong(m.group(1)), m.group(2), rest);
        return new NodeLogLine(seconds, -1, null, rest);
    }
}
