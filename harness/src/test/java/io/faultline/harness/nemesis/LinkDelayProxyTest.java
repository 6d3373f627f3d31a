package io.faultline.harness.nemesis;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The proxy that link-delay runs in each container, run here in front of an echo server:
 * every byte comes back, in order, and no sooner than the delay twice (once each way). Only
 * a lower bound is asserted: a loaded machine makes it slower, never faster.
 */
class LinkDelayProxyTest {
    @Test
    void bytesComeBackInOrderAndNoSoonerThanTheDelayEachWayAndAChangeOfDelayKeepsTheConnection(@TempDir Path dir) throws Exception {
        assumeTrue(new ProcessBuilder("perl", "-v").start().waitFor() == 0, "perl is needed");
        Path script = dir.resolve("link-delay.pl");
        try (InputStream in = DockerFaults.class.getResourceAsStream("link-delay.pl")) {
            Files.write(script, in.readAllBytes());
        }
        try (ServerSocket echo = new ServerSocket(0); ServerSocket probe = new ServerSocket(0)) {
            int listen = probe.getLocalPort();
            probe.close();
            Thread server = new Thread(() -> {
                try (Socket c = echo.accept()) {
                    c.getInputStream().transferTo(c.getOutputStream());
                } catch (Exception ignored) {
                    // the test closed it
                }
            });
            server.setDaemon(true);
            server.start();
            Path control = dir.resolve("control");
            Files.writeString(control, "150 50 7\n");
            Process proxy = new ProcessBuilder("perl", script.toString(), Integer.toString(listen),
                    Integer.toString(echo.getLocalPort()), control.toString()).redirectErrorStream(true).start();
            try {
                Socket s = connect(listen);
                OutputStream out = s.getOutputStream();
                InputStream in = s.getInputStream();
                s.setTcpNoDelay(true);
                long start = System.nanoTime();
                out.write(42);
                out.flush();
                long roundTrip = System.nanoTime() - start;
                assertTrue(in.read() == 42, "the ping came back");
                roundTrip = System.nanoTime() - start;
                assertTrue(roundTrip >= TimeUnit.MILLISECONDS.toNanos(300),
                        "held 150 ms each way at least: " + roundTrip / 1_000_000 + " ms");
                byte[] sent = new byte[200_000];
                for (int i = 0; i < sent.length; i++) sent[i] = (byte) (i * 31 + i / 997);
                Thread writer = new Thread(() -> {
                    try {
                        for (int off = 0; off < sent.length; off += 1000) {
                            out.write(sent, off, 1000);
                            out.flush();
                        }
                    } catch (Exception ignored) {
                        // the reader fails the test
                    }
                });
                writer.start();
                byte[] got = in.readNBytes(sent.length);
                assertArrayEquals(sent, got, "every byte, in order");

                // The delay changes on SIGHUP without breaking the connection: a longer delay shows as a
                // longer round trip (a lower bound, which a loaded machine only makes easier to meet). The
                // signal is handled between two reads of the proxy, so the first pings may still see the old one.
                Files.writeString(control, "600 0 0\n");
                assertTrue(new ProcessBuilder("kill", "-HUP", Long.toString(proxy.pid())).start().waitFor() == 0);
                long longest = 0;
                for (int i = 0; i < 20 && longest < TimeUnit.MILLISECONDS.toNanos(1200); i++) {
                    long t = System.nanoTime();
                    out.write(7);
                    out.flush();
                    assertTrue(in.read() == 7, "the connection survived the change");
                    longest = Math.max(longest, System.nanoTime() - t);
                }
                assertTrue(longest >= TimeUnit.MILLISECONDS.toNanos(1200),
                        "after SIGHUP a ping is held 600 ms each way: longest " + longest / 1_000_000 + " ms");
                s.close();
            } finally {
                proxy.destroy();
            }
        }
    }

    /** The proxy listens once it has started (perl takes a moment). */
    private static Socket connect(int port) throws Exception {
        for (int i = 0; i < 100; i++) {
            try {
                Socket s = new Socket();
                s.connect(new InetSocketAddress("127.0.0.1", port), 1000);
                return s;
            } catch (java.io.IOException e) {
                Thread.sleep(100);
            }
        }
        throw new IllegalStateException("the proxy did not listen on " + port);
    }
}
