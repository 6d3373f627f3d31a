package io.faultline.kv.storage;

/** The data directory cannot be used (another node's, another cluster's, corrupt, or locked). It is never wiped. */
public final class DataDirException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public DataDirException(String message) {
        super(message);
    }

    public DataDirException(String message, Throwable cause) {
        super(message, cause);
    }
}
