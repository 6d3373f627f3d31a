package io.faultline.checker.verdict;

/** The answer for a history or one partition of it. */
public enum Verdict {
    LINEARIZABLE("linearizable"),
    NOT_LINEARIZABLE("not linearizable"),
    /** The time budget or memory guard stopped the search; see the cause. */
    UNKNOWN("unknown");

    private final String words;

    Verdict(String words) {
        this.words = words;
    }

    /** {@code linearizable}, {@code not linearizable} or {@code unknown}. */
    public String words() {
        return words;
    }

    /** Exit code of {@code faultline check}: 0, 1 or 3. */
    public int exitCode() {
        return switch (this) {
            case LINEARIZABLE -> 0;
            case NOT_LINEARIZABLE -> 1;
            case UNKNOWN -> 3;
        };
    }
}
