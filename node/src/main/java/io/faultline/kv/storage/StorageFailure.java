package io.faultline.kv.storage;

/** A read or write of the data directory failed at run time; the node must stop (no retry can make it safe). */
public final class StorageFailure extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public StorageFailure(String message, Throwable cause) {
        super(message, cause);
    }
}
