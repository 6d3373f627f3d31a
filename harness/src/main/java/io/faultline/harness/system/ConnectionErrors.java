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
}
