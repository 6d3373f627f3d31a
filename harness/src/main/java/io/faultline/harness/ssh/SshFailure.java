package io.faultline.harness.ssh;

/** A host could not be reached, or a command on it could not be run: said per host, in words. */
public final class SshFailure extends Exception {
    private final HostAddress host;
    private final String reason;

    public SshFailure(HostAddress host, String reason, Throwable cause) {
        super(host.name() + " (" + host + "): " + reason, cause);
        this.host = host;
        this.reason = reason;
    }

    public HostAddress host() {
        return host;
    }

    /** Why, without the host. */
    public String reason() {
        return reason;
    }
}
