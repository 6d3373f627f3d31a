package io.faultline.harness.system.nats;

/**
 * An error JetStream answered with: {@code {"error":{"code":400,"err_code":10071,"description":"wrong last
 * sequence: 41"}}}, or a status reply such as {@code 503} (no responders) or {@code 408}.
 */
final class NatsApiError extends Exception {
    /** The expected last sequence of the key (its revision) was not the stream's: nothing was stored. */
    static final int WRONG_LAST_SEQUENCE = 10071;
    /** A get of a key with no message. */
    static final int NO_MESSAGE_FOUND = 10037;
    static final int NO_RESPONDERS = 503;

    final int code;
    final int errCode;
    /** A status reply of the server (no JSON body), as opposed to JetStream's JSON error. */
    final boolean status;

    NatsApiError(int code, int errCode, String description) {
        this(code, errCode, description, false);
    }

    private NatsApiError(int code, int errCode, String description, boolean status) {
        super(code + (errCode == 0 ? "" : "/" + errCode) + ": " + description);
        this.code = code;
        this.errCode = errCode;
        this.status = status;
    }

    /** A status reply: {@code 503} no responders, {@code 408} request timeout, {@code 404} not found. */
    static NatsApiError status(int code, String message) {
        return new NatsApiError(code, 0, message, true);
    }

    boolean noResponders() {
        return status && code == NO_RESPONDERS;
    }
}
