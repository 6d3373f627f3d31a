package io.faultline.harness.system;

/**
 * How a system's node lives in its container: the image, the client port the
 * harness talks to, the port its peers connect to (link faults put a proxy in front of it), the directory on the node's own volume (it survives kills and
 * restarts), the file the process logs to (copied into the run directory), and a
 * pkill/pgrep pattern that matches the node process and never the shell that
 * started it nor pkill itself.
 */
public record NodeLayout(String image, int clientPort, int peerPort, String dataDir, String logFile,
        String processPattern) {
    /** Where every system's node logs; the harness creates the directory. */
    public static final String DEFAULT_LOG_FILE = "/var/log/faultline/node.log";
    /** Mount point of each node's data volume. */
    public static final String DATA_VOLUME = "/data";

    /** A system's image: the environment variable its build script reads too, else {@code fallback}. */
    public static String imageFromEnv(String variable, String fallback) {
        String env = System.getenv(variable);
        return env == null || env.isBlank() ? fallback : env;
    }
}
