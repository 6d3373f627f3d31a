package io.faultline.harness.nemesis;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The link proxy's duplication of etcd's rafthttp message stream, on a synthetic answer: a
 * chunked body whose frames are cut across chunks (a length split in two, a frame larger than a
 * chunk). With probability 1 every frame but a proposal must come twice, whole, each output
 * chunk holding whole frames; the head and the last chunk pass as they came; a pipeline POST
 * passes byte for byte. How reads and chunks fall depends on the loopback's timing, so the
 * body is compared after un-chunking, and every chunk is checked to hold whole frames.
 */
class LinkDupProxyTest {
    private static final String HEAD = "HTTP/1.1 200 OK\r\nContent-Type: application/octet-stream\r\n"
            + "X-Server-Version: 3.4.27\r\nDate: Sun, 06 Dec 2026 14:00:00 GMT\r\nTransfer-Encoding: chunked\r\n\r\n";

    @Test
    void aMessageStreamHasEveryFrameButProposalsTwiceWholeAndOtherRequestsPassAsTheyCame(@TempDir Path dir) throws Exception {
        List<byte[]> frames = List.of(frame(8, 10), frame(2, 30), frame(4, 20), frame(5, 100_000), frame(8, 0), frame(9, 7));
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        frames.forEach(body::writeBytes);
        byte[] plain = body.toByteArray();
        // Chunks cut anywhere: inside the first length, inside the big frame, 4 KiB at a time as Go's writer does.
        List<byte[]> chunks = new ArrayList<>();
        int[] cuts = {3, 11, 50, 70};
        int at = 0;
        for (int cut : cuts) {
            chunks.add(Arrays.copyOfRange(plain, at, cut));
            at = cut;
        }
        for (; at < plain.length; at += 4096) chunks.add(Arrays.copyOfRange(plain, at, Math.min(plain.length, at + 4096)));
        ByteArrayOutputStream answer = new ByteArrayOutputStream();
        answer.writeBytes(HEAD.getBytes(StandardCharsets.US_ASCII));
        for (byte[] c : chunks) {
            answer.writeBytes((Integer.toHexString(c.length) + "\r\n").getBytes(StandardCharsets.US_ASCII));
            answer.writeBytes(c);
            answer.writeBytes("\r\n".getBytes(StandardCharsets.US_ASCII));
        }
        answer.writeBytes("0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
        byte[] answered = answer.toByteArray();

        ByteArrayOutputStream twice = new ByteArrayOutputStream();
        for (byte[] f : frames) {
            twice.writeBytes(f);
            if (f[9] != 2) twice.writeBytes(f);
        }

        try (ServerSocket server = new ServerSocket(0)) {
            LinkProxyProcess.serve(() -> {
                for (int i = 0; i < 2; i++) {
                    try (Socket c = server.accept()) {
                        readHead(c.getInputStream());
                        OutputStream out = c.getOutputStream();
                        for (int off = 0; off < answered.length; off += 777) {    // reads fall anywhere
                            out.write(answered, off, Math.min(777, answered.length - off));
                            out.flush();
                        }
                    } catch (Exception ignored) {
                        // the test fails on what it reads
                    }
                }
            });
            try (LinkProxyProcess proxy = LinkProxyProcess.start(dir, server.getLocalPort(), "0 0 7 1")) {
                byte[] got = exchange(proxy, "GET /raft/stream/message/2 HTTP/1.1\r\nHost: n2\r\n\r\n");
                String head = new String(got, 0, HEAD.length(), StandardCharsets.ISO_8859_1);
                assertEquals(HEAD, head, "the head as it came");
                assertArrayEquals(twice.toByteArray(), unchunkWholeFrames(Arrays.copyOfRange(got, HEAD.length(), got.length)),
                        "each frame twice but the proposal, in order");

                assertArrayEquals(answered, exchange(proxy, "POST /raft HTTP/1.1\r\nHost: n2\r\n\r\n"),
                        "another request's answer passes byte for byte");

                Files.writeString(proxy.control(), "0 0 0 0\n");
                Path stats = Path.of(proxy.control() + ".stats");
                Files.deleteIfExists(stats);
                proxy.hup();
                for (int i = 0; i < 100 && (!Files.exists(stats) || Files.size(stats) == 0); i++) Thread.sleep(100);
                assertEquals("5 of 6 frames twice", Files.readString(stats).strip());
            }
        }
    }

    /** An 8-byte big-endian length, then a message whose first field is its type (as gogoproto writes it). */
    private static byte[] frame(int type, int filler) {
        ByteBuffer b = ByteBuffer.allocate(8 + 2 + filler);
        b.putLong(2 + filler).put((byte) 0x08).put((byte) type);
        for (int i = 0; i < filler; i++) b.put((byte) (i * 7 + type));
        return b.array();
    }

    /** The chunked body, its last chunk and nothing after; fails unless each chunk holds whole frames. */
    private static byte[] unchunkWholeFrames(byte[] chunked) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int at = 0;
        while (true) {
            int eol = indexOf(chunked, at);
            assertTrue(eol > at, "a chunk size line at " + at);
            int size = Integer.parseInt(new String(chunked, at, eol - at, StandardCharsets.US_ASCII), 16);
            at = eol + 2;
            if (size == 0) {
                assertEquals(at + 2, chunked.length, "the last chunk's CRLF ends the answer");
                assertEquals('\r', chunked[at]);
                assertEquals('\n', chunked[at + 1]);
                return out.toByteArray();
            }
            ByteBuffer data = ByteBuffer.wrap(chunked, at, size);
            while (data.hasRemaining()) {
                assertTrue(data.remaining() >= 8, "a chunk cuts a frame's length");
                long len = data.getLong();
                assertTrue(data.remaining() >= len, "a chunk cuts a frame");
                data.position(data.position() + (int) len);
            }
            out.write(chunked, at, size);
            at += size;
            assertEquals('\r', chunked[at]);
            assertEquals('\n', chunked[at + 1]);
            at += 2;
        }
    }

    private static int indexOf(byte[] b, int from) {
        for (int i = from; i + 1 < b.length; i++) if (b[i] == '\r' && b[i + 1] == '\n') return i;
        return -1;
    }

    private static void readHead(InputStream in) throws java.io.IOException {
        int matched = 0;
        while (matched < 4) {
            int c = in.read();
            if (c < 0) return;
            matched = (c == "\r\n\r\n".charAt(matched)) ? matched + 1 : (c == '\r' ? 1 : 0);
        }
    }

    private static byte[] exchange(LinkProxyProcess proxy, String request) throws Exception {
        try (Socket s = proxy.connect()) {
            s.getOutputStream().write(request.getBytes(StandardCharsets.US_ASCII));
            s.getOutputStream().flush();
            return s.getInputStream().readAllBytes();
        }
    }
}
