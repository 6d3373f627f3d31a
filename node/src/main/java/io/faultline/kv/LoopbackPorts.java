package io.faultline.kv;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Free loopback ports for in-JVM clusters (tests, benchmarks).
 *
 * <p>Ports come from 20000–31999, below Linux's ephemeral range (32768+). A port the
 * kernel handed out with {@code new ServerSocket(0)} sits in that range, so any
 * outgoing connection made before the node binds it (gRPC channels, Docker) can take it
 * and the node fails with "address in use"; a port below the range cannot be taken that way.
 */
public final class LoopbackPorts {
    private static final int LOW = 20_000;
    private static final int SPAN = 12_000;
    private static final AtomicInteger NEXT = new AtomicInteger(ThreadLocalRandom.current().nextInt(SPAN));

    private LoopbackPorts() {}

    /** A port that nothing on 127.0.0.1 listens on now, not handed out before by this JVM. */
    public static int next() {
        for (int attempt = 0; attempt < SPAN; attempt++) {
            int port = LOW + Math.floorMod(NEXT.getAndIncrement(), SPAN);
            if (isFree(port)) return port;
        }
        throw new IllegalStateException("no free loopback port in " + LOW + "-" + (LOW + SPAN - 1));
    }

    private static boolean isFree(int port) {
        try (ServerSocket socket = new ServerSocket()) {
            socket.setReuseAddress(true);
            socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}
