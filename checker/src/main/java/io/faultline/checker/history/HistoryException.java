package io.faultline.checker.history;

/**
 * Malformed input: names the file, the line (0 when not tied to a line) and the reason, so a
 * user can fix it without a stack trace.
 */
public final class HistoryException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final String source;
    private final int line;
    private final String reason;

    public HistoryException(String source, int line, String reason) {
        super(format(source, line, reason));
        this.source = source;
        this.line = line;
        this.reason = reason;
    }

    public HistoryException(String source, int line, String reason, Throwable cause) {
        super(format(source, line, reason), cause);
        this.source = source;
        this.line = line;
        this.reason = reason;
    }

    private static String format(String source, int line, String reason) {
        return line > 0 ? source + ":" + line + ": " + reason : source + ": " + reason;
    }

    public String source() {
        return source;
    }

    public int line() {
        return line;
    }

    public String reason() {
        return reason;
    }
}
