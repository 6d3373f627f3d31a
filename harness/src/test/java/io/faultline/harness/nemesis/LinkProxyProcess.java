package io.faultline.harness.nemesis;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;

/** The link proxy (link-delay.pl) run here as a process, on a free port, in front of a local target port. */
record LinkProxyProcess(Path control, Process process, int port) implements AutoCloseable {

    /** Skips the test without perl; {@code setting} is the control file's first line. */
    static LinkProxyProcess start(Path dir, int target, String setting) throws Exception {
        assumeTrue(new ProcessBuilder("perl", "-v").start().waitFor() == 0, "perl is needed");
        Path script = dir.resolve("link-delay.pl");
        try (InputStream in = DockerFaults.class.getResourceAsStream("link-delay.pl")) {
            Files.write(script, in.readAllBytes());
        }
        int port;
        try (ServerSocket probe = new ServerSocket(0)) {
            port = probe.getLocalPort();
        }
        Path control = dir.resolve("control");
        Files.writeString(control, setting + "\n");
        Process p = new ProcessBuilder("perl", script.toString(), Integer.toString(port), Integer.toString(target),
                control.toString()).redirectErrorStream(true).start();
        return new LinkProxyProcess(control, p, port);
    }

    /** A thread that serves the target side, ended with the test. */
    static void serve(Runnable target) {
        Thread t = new Thread(target);
        t.setDaemon(true);
        t.start();
    }

    /** Rereads the control file (the proxy handles the signal between two reads). */
    void hup() throws Exception {
        if (new ProcessBuilder("kill", "-HUP", Long.toString(process.pid())).start().waitFor() != 0) {
            throw new IllegalStateException("could not signal the proxy");
        }
    }

    /** The proxy listens once it has started (perl takes a moment). */
    Socket connect() throws Exception {
        for (int i = 0; i < 100; i++) {
            try {
                Socket s = new Socket();
                s.connect(new InetSocketAddress("127.0.0.1", port), 1000);
                s.setSoTimeout(30_000);
                return s;
            } catch (java.io.IOException e) {
                Thread.sleep(100);
            }
        }
        throw new IllegalStateException("the proxy did not listen on " + port);
    }

    @Override
    public void close() {
        process.destroy();
    }
}
