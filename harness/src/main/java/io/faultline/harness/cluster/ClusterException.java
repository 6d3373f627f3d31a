package io.faultline.harness.cluster;

/** The cluster could not be set up or driven (Docker, exec, image problems). */
public class ClusterException extends RuntimeException {
    public ClusterException(String message) {
        super(message);
    }

    public ClusterException(String message, Throwable cause) {
        super(message, cause);
    }
}
