package io.faultline.harness.nemesis;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InputStream;
import java.io.OutputStream;
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
        try (ServerSocket echo = new ServerSocket(0)) {
            LinkProxyProcess.serve(() -> {
                try (Socket c = echo.accept()) {
                    c.getInputStream().transferTo(c.getOutputStream());
                } catch (Exception ignored) {
                    // the test closed it
                }
            });
            try (LinkProxyProcess proxy = LinkProxyProcess.start(dir, echo.getLocalPort(), "150 50 7")) {
                Socket s = proxy.connect();
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
                Files.writeString(proxy.control(), "600 0 0\n");
                proxy.hup();
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
            }
        }
    }
}
