package io.faultline.harness.run;

/** How a run ended, and the CLI exit code that says so. */
public enum RunStatus {
    LINEARIZABLE(0, "linearizable"),
    VIOLATION(1, "NOT linearizable"),
    SETUP_ERROR(2, "setup error"),
    UNKNOWN(3, "unknown (the checker could not decide)"),
    NOT_RECOVERED(4, "cluster did not recover"),
    INTERRUPTED(3, "interrupted");

    private final int exitCode;
    private final String words;

    RunStatus(int exitCode, String words) {
        this.exitCode = exitCode;
        this.words = words;
    }

    public int exitCode() {
        return exitCode;
    }

    public String words() {
        return words;
    }

    public String wireName() {
        return name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
    }
}
