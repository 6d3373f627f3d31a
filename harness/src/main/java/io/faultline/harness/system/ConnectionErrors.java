package io.faultline.harness.system;

import java.net.ConnectException;

/** What a client library's exception says about the connection, whatever the system. */
public final class ConnectionErrors {
    private ConnectionErrors() {}

    /**
     * True when the request never left: the connection was refused (a dead node on a
     * routable address). Anything else — a reset, a timeout — may have delivered it.
     */
    public static boolean neverConnected(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof ConnectException) return true;
            String m = t.getMessage();
            if (m != null && m.contains("Connection refused")) return true;
        }
        return false;
    }

    /** The failure an async client call wraps in ExecutionException or CompletionException layers. */
    public static Throwable unwrap(Throwable e) {
        while ((e instanceof java.util.concurrent.ExecutionException
                || e instanceof java.util.concurrent.CompletionException) && e.getCause() != null) {
            e = e.getCause();
        }
        return e;
    }
}
