package io.faultline.kv.transport;

import io.faultline.kv.loop.Inbox;
import io.faultline.kv.LoopbackPorts;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.ByteString;
import io.faultline.kv.log.NodeLog;
import io.faultline.raft.pb.Message;
import io.faultline.raft.pb.MessageType;
import io.faultline.raft.pb.Snapshot;
import io.faultline.raft.pb.SnapshotMetadata;
import io.grpc.Server;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The peer transport on loopback: delivery, cluster-id refusal, reconnect after the peer restarts, chunked snapshots. */
@Timeout(30)
class PeerTransportTest {
    private static final long CLUSTER = 42;

    /** Records what a transport hands to its Raft loop. */
    static final class Recorder implements Inbox {
        final BlockingQueue<Message> delivered = new LinkedBlockingQueue<>();
        final BlockingQueue<Long> unreachable = new LinkedBlockingQueue<>();
        final BlockingQueue<Boolean> snapshots = new LinkedBlockingQueue<>();

        @Override
        public void deliver(Message message) {
            delivered.add(message);
        }

        @Override
        public void unreachable(long peerId) {
            unreachable.add(peerId);
        }

        @Override
        public void snapshotSent(long peerId, boolean success) {
            snapshots.add(success);
        }
    }

    private static NodeLog quietLog(long id) {
        return new NodeLog(id, new PrintStream(new ByteArrayOutputStream()));
    }

    private static Server serve(PeerTransport transport, int port) throws IOException {
        return NettyServerBuilder.forAddress(new InetSocketAddress("127.0.0.1", port))
                .addService(transport.service()).maxInboundMessageSize(PeerTransport.maxMessageBytes()).build().start();
    }

    /** Node 2 serving on a loopback port, what it hands its loop recorded. */
    private static final class Receiving implements AutoCloseable {
        final int port = LoopbackPorts.next();
        final Recorder recorder = new Recorder();
        final PeerTransport transport = new PeerTransport(2, CLUSTER, recorder, quietLog(2));
        final Server server;

        Receiving() throws IOException {
            server = serve(transport, port);
        }

        String address() {
            return "127.0.0.1:" + port;
        }

        @Override
        public void close() {
            server.shutdownNow();
            transport.close();
        }
    }

    private static Message heartbeat(long from, long to, long term) {
        return Message.newBuilder().setMsgType(MessageType.MSG_HEARTBEAT).setFrom(from).setTo(to).setTerm(term).build();
    }

    @Test
    void deliversAndReconnectsAfterThePeerRestarts() throws Exception {
        int port = LoopbackPorts.next();
        Recorder receiver = new Recorder();
        Recorder sender = new Recorder();
        PeerTransport b = new PeerTransport(2, CLUSTER, receiver, quietLog(2));
        Server server = serve(b, port);
        try (PeerTransport a = new PeerTransport(1, CLUSTER, sender, quietLog(1))) {
            a.setAddress(2, "127.0.0.1:" + port);
            a.send(List.of(heartbeat(1, 2, 1)));
            assertEquals(heartbeat(1, 2, 1), receiver.delivered.poll(5, TimeUnit.SECONDS));

            server.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
            long deadline = System.currentTimeMillis() + 5000;
            while (sender.unreachable.isEmpty() && System.currentTimeMillis() < deadline) {
                a.send(List.of(heartbeat(1, 2, 2)));
                Thread.sleep(50);
            }
            assertEquals(2L, sender.unreachable.poll(1, TimeUnit.SECONDS), "a down peer is reported unreachable");

            receiver.delivered.clear();
            server = serve(b, port);
            Message after = null;
            deadline = System.currentTimeMillis() + 10_000;
            while (after == null && System.currentTimeMillis() < deadline) {
                a.send(List.of(heartbeat(1, 2, 3)));
                after = receiver.delivered.poll(100, TimeUnit.MILLISECONDS);
            }
            assertEquals(3, after == null ? -1 : after.getTerm(), "no delivery after the peer came back");
        } finally {
            server.shutdownNow();
            b.close();
        }
    }

    @Test
    void framesOfAnotherClusterAreRefused() throws Exception {
        try (Receiving b = new Receiving();
                PeerTransport stranger = new PeerTransport(1, CLUSTER + 1, new Recorder(), quietLog(1));
                PeerTransport friend = new PeerTransport(3, CLUSTER, new Recorder(), quietLog(3))) {
            stranger.setAddress(2, b.address());
            friend.setAddress(2, b.address());
            for (int i = 0; i < 5; i++) stranger.send(List.of(heartbeat(1, 2, 7)));
            friend.send(List.of(heartbeat(3, 2, 9)));
            Message got = b.recorder.delivered.poll(5, TimeUnit.SECONDS);
            assertEquals(3, got.getFrom());
            assertEquals(null, b.recorder.delivered.poll(300, TimeUnit.MILLISECONDS));
        }
    }

    @Test
    void aSnapshotLargerThanAChunkArrivesWhole() throws Exception {
        Recorder sender = new Recorder();
        byte[] data = new byte[SnapshotSender.CHUNK_BYTES * 2 + 12345];
        new java.util.Random(7).nextBytes(data);
        Message snapshot = Message.newBuilder().setMsgType(MessageType.MSG_SNAPSHOT).setFrom(1).setTo(2).setTerm(4)
                .setSnapshot(Snapshot.newBuilder().setData(ByteString.copyFrom(data))
                        .setMetadata(SnapshotMetadata.newBuilder().setIndex(100).setTerm(3)))
                .build();
        try (Receiving b = new Receiving(); PeerTransport a = new PeerTransport(1, CLUSTER, sender, quietLog(1))) {
            a.setAddress(2, b.address());
            a.send(List.of(snapshot));
            assertEquals(true, sender.snapshots.poll(10, TimeUnit.SECONDS));
            Message got = b.recorder.delivered.poll(5, TimeUnit.SECONDS);
            assertEquals(snapshot, got);
            assertTrue(b.recorder.delivered.isEmpty());
        }
    }


    @Test
    void aRemovedMemberIsNotLearnedBackFromItsFramesButAnExplicitAddressBringsItBack() {
        try (PeerTransport t = new PeerTransport(1, CLUSTER, new Recorder(), quietLog(1))) {
            t.learnAddress(3, "127.0.0.1:1");
            assertTrue(t.knows(3), "an unknown sender is learned from its frame");
            t.remove(3);
            t.learnAddress(3, "127.0.0.1:1");
            assertFalse(t.knows(3), "a removed member's frames do not bring it back");
            t.setAddress(3, "127.0.0.1:1");
            assertTrue(t.knows(3), "an address given on purpose does");
        }
    }

    /**
     * link-dup: with a fixed seed, exactly the frames the seed draws are delivered twice, each
     * copy whole; off again, every frame once. Frames are sent one at a time, each waited for, so
     * each is one draw, in order.
     */
    @Test
    void duplicationDeliversTheFramesTheSeedDrawsTwiceAndNothingOnceItIsOff() throws Exception {
        try (Receiving receiving = new Receiving(); PeerTransport a = new PeerTransport(1, CLUSTER, new Recorder(), quietLog(1))) {
            PeerTransport b = receiving.transport;
            Recorder receiver = receiving.recorder;
            a.setAddress(2, receiving.address());
            int frames = 40;
            long seed = 7;
            assertEquals(0, b.duplicateFrames(0.5, seed).probability(), "off until set");
            java.util.SplittableRandom draws = new java.util.SplittableRandom(seed);
            int expectedTwice = 0;
            for (long term = 1; term <= frames; term++) {
                boolean twice = draws.nextDouble() < 0.5;
                if (twice) expectedTwice++;
                a.send(List.of(heartbeat(1, 2, term), heartbeat(1, 2, term)));
                for (int copy = 0; copy < (twice ? 4 : 2); copy++) {
                    Message m = receiver.delivered.poll(5, TimeUnit.SECONDS);
                    assertEquals(term, m == null ? -1 : m.getTerm(), "frame " + term + (twice ? ", drawn twice" : ""));
                }
            }
            FrameDuplication.Tally tally = b.duplicateFrames(0, 0);
            assertEquals(new FrameDuplication.Tally(0.5, frames, expectedTwice), tally);
            assertTrue(expectedTwice > 5 && expectedTwice < 35, "the seed draws some of each: " + expectedTwice);

            a.send(List.of(heartbeat(1, 2, 100)));
            a.send(List.of(heartbeat(1, 2, 101)));
            assertEquals(100, receiver.delivered.poll(5, TimeUnit.SECONDS).getTerm());
            assertEquals(101, receiver.delivered.poll(5, TimeUnit.SECONDS).getTerm(), "off: delivered once");
            assertEquals(null, receiver.delivered.poll(300, TimeUnit.MILLISECONDS));
            assertEquals(new FrameDuplication.Tally(0, 0, 0), b.duplicateFrames(0, 0));
        }
    }

    @Test
    void aDuplicationProbabilityOutsideZeroToOneIsRefused() {
        PeerTransport t = new PeerTransport(2, CLUSTER, new Recorder(), quietLog(2));
        org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class, () -> t.duplicateFrames(1.5, 1));
        org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class, () -> t.duplicateFrames(Double.NaN, 1));
        t.close();
    }
}
