package io.faultline.harness.cluster;

import java.io.IOException;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.Socket;

/** Whether the harness can route to containers' private addresses (it can on Linux, not on Docker Desktop). */
final class DirectAccess {
    private static final int TIMEOUT_MS = 1000;

    private DirectAccess() {}

    /**
     * Connects to {@code ip:port}: an accepted or a refused connection both prove a
     * route (the node may not listen yet); a timeout or "no route" does not.
     */
    static boolean probe(String ip, int port) {
        if (Boolean.getBoolean("faultline.publishedPorts")) return false;
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress(ip, port), TIMEOUT_MS);
            return true;
        } catch (ConnectException e) {
            return e.getMessage() != null && e.getMessage().contains("refused");
        } catch (IOException e) {
            return false;
        }
    }
}
