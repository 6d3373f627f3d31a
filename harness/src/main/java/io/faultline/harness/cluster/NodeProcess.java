package io.faultline.harness.cluster;

import java.util.List;
import java.util.stream.Collectors;

/**
 * The shell scripts that run a node process on its machine, in a container or on a host
 * reached by SSH alike: started in the background with its output appended to its log
 * after a start marker, found and signalled by its process pattern.
 */
public final class NodeProcess {
    /**
     * Starts the line written to the node's log, followed by the time (UTC, nanoseconds), just
     * before each start of the node process: the log's restarts are marked and timed by it.
     */
    public static final String START_MARKER = "=== faultline: node start ";

    private NodeProcess() {}

    /** Starts {@code command} in the background, detached, its output appended to {@code logFile}. */
    public static String start(List<String> command, String logFile) {
        String line = line(command);
        String log = quoted(logFile);
        return "mkdir -p \"$(dirname " + log + ")\" && echo \"" + START_MARKER + "$(date -u +%FT%T.%NZ)\" >>"
                + log + "; nohup " + line + " >>" + log + " 2>&1 </dev/null &";
    }

    /** The awk program that prints the first and last {@code lines} lines of the log since the last start. */
    public static String sinceStart(int lines) {
        return "/^" + START_MARKER.strip() + "/ {n = 0; next} {l[n++] = $0} "
                + "END {for (i = 0; i < n; i++) if (i < " + lines + " || i >= n - " + lines + ") print l[i];"
                + " else if (i == " + lines + ") print \"...\"}";
    }

    /** Sends {@code signal} (e.g. -KILL) to the processes matching {@code pattern}: exit 0 some, 1 none. */
    public static String signal(String signal, String pattern) {
        return "pkill " + signal + " -f " + quoted(pattern);
    }

    /** Exit 0 when a process matches {@code pattern}. */
    public static String running(String pattern) {
        return "pgrep -f " + quoted(pattern) + " >/dev/null";
    }

    /** {@code argv} as one line for {@code sh}. */
    public static String line(List<String> argv) {
        return argv.stream().map(NodeProcess::quoted).collect(Collectors.joining(" "));
    }

    /** {@code s} as one word for {@code sh}. */
    public static String quoted(String s) {
        return "'" + s.replace("'", "'\\''") + "'";
    }
}
