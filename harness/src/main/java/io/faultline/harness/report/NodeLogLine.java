package io.faultline.harness.report;

import io.faultline.harness.system.NodeLogFormat;
import java.time.Instant;

/**
 * One line of a node's log ({@code nodes/n<i>.log}) with its time stamp turned into run
 * seconds, read with the system's {@link NodeLogFormat} (which may also give the node's term
 * and role at that moment). Lines without a stamp keep their text, without term or role.
 *
 * @param seconds run seconds (history time), or null for an unstamped line
 * @param term    the term the node logged, -1 when the line does not say
 * @param role    the role the node logged, null when the line does not say
 * @param text    the line without its stamp
 */
record NodeLogLine(Double seconds, long term, String role, String text) {
    static NodeLogLine parse(String line, Instant historyZero, NodeLogFormat format) {
        if (historyZero == null) return new NodeLogLine(null, -1, null, line);
        return format.parse(line)
                .map(l -> new NodeLogLine(java.time.Duration.between(historyZero, l.at()).toNanos() / 1e9, l.term(),
                        l.role(), l.text()))
                .orElseGet(() -> new NodeLogLine(null, -1, null, line));
    }
}
