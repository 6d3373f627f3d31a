package io.faultline.kv.transport;

import io.faultline.kv.loop.Inbox;
import io.faultline.kv.log.NodeLog;
import io.faultline.kv.peer.PeerFrame;
import io.faultline.kv.peer.PeerGrpc;
import io.faultline.kv.peer.SendAck;
import io.faultline.raft.pb.Message;
import io.grpc.ManagedChannel;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.netty.shaded.io.netty.channel.ChannelOption;
import io.grpc.stub.ClientCallStreamObserver;
import io.grpc.stub.ClientResponseObserver;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.concurrent.locks.LockSupport;

/**
 * Sends Raft messages to one peer over one long-lived gRPC stream. While the stream
 * is open and has flow-control credit and nothing is queued, the caller (the Ready
 * loop) writes a Ready's messages as one frame itself, with no hand-off to another
 * thread; otherwise they queue for this client's own thread, which opens the stream,
 * waits for credit, and when the stream breaks drops what is queued (Raft
 * retransmits), reports the peer unreachable and reconnects with exponential backoff.
 * One lock orders the two writers: the thread takes from the queue only while holding
 * it, and the caller writes directly only when it gets it and the queue is empty.
 */
final class PeerClient implements AutoCloseable {
    private final java.util.function.Supplier<String> selfAddress;
    private static final int QUEUE_CAPACITY = 4096;
    private static final int FRAME_BYTES = 1 << 20;
    private static final long MIN_BACKOFF_MS = 20;
    private static final long MAX_BACKOFF_MS = 1000;
    private static final int CONNECT_TIMEOUT_MS = 1000;
    private static final long STALL_LIMIT_NANOS = TimeUnit.SECONDS.toNanos(2);

    private final long peerId;
    private final long clusterId;
    private final String address;
    private final Inbox inbox;
    private final NodeLog log;
    private final ManagedChannel channel;
    private final BlockingQueue<Message> queue = new ArrayBlockingQueue<>(QUEUE_CAPACITY);
    private final Thread thread;
    private volatile boolean running = true;
    private volatile boolean broken;
    private volatile String brokenBecause = "";
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition queued = lock.newCondition();
    /** Guarded by {@link #lock}, as is everything the two writers share below. */
    private volatile ClientCallStreamObserver<PeerFrame> stream;
    private long backoffMs = MIN_BACKOFF_MS;
    private boolean reportedDown;

    PeerClient(long selfId, long peerId, long clusterId, String address, Inbox inbox, NodeLog log,
            java.util.function.Supplier<String> selfAddress) {
        this.selfAddress = selfAddress;
        this.peerId = peerId;
        this.clusterId = clusterId;
        this.address = address;
        this.inbox = inbox;
        this.log = log;
        this.channel = NettyChannelBuilder.forTarget(address).usePlaintext()
                .maxInboundMessageSize(PeerTransport.MAX_MESSAGE_BYTES)
                // Keepalives notice a silently dropped connection (a partition) within seconds.
                .keepAliveTime(2, TimeUnit.SECONDS).keepAliveTimeout(2, TimeUnit.SECONDS)
                .keepAliveWithoutCalls(true)
                // A connect attempt into a partition (SYNs dropped) gives up quickly, so the
                // link comes back within about a second of the partition healing.
                .withOption(ChannelOption.CONNECT_TIMEOUT_MILLIS, CONNECT_TIMEOUT_MS)
                .build();
        this.thread = new Thread(this::run, "n" + selfId + "-send-n" + peerId);
        this.thread.setDaemon(true);
        this.thread.start();
    }

    String address() {
        return address;
    }

    ManagedChannel channel() {
        return channel;
    }

    /**
     * Sends {@code messages} in order: at once when the stream can take them, else queued
     * (dropped when the queue is full: Raft retransmits). Never blocks.
     */
    void send(List<Message> messages) {
        if (lock.tryLock()) {
            try {
                if (queue.isEmpty() && stream != null && !broken && stream.isReady() && fitsOneFrame(messages)) {
                    try {
                        sendBatch(messages);
                    } catch (RuntimeException e) {
                        brokenBecause = e.toString();
                        broken = true;
                    }
                    return;
                }
                for (Message m : messages) queue.offer(m);
                queued.signal();
            } finally {
                lock.unlock();
            }
        } else {
            // The thread holds the lock and looks at the queue again before it waits.
            for (Message m : messages) queue.offer(m);
        }
    }

    /** A batch of more than one frame may have to wait for credit between frames: the caller must not. */
    private static boolean fitsOneFrame(List<Message> messages) {
        long bytes = 0;
        for (Message m : messages) bytes += m.getSerializedSize();
        return bytes <= FRAME_BYTES;
    }

    private void run() {
        List<Message> pending = new ArrayList<>();
        lock.lock();
        try {
            while (running) {
                try {
                    if (queue.isEmpty() && !broken) queued.await(100, TimeUnit.MILLISECONDS);
                    if (!queue.isEmpty()) {
                        queue.drainTo(pending, 256);
                        sendBatch(pending);
                    }
                } catch (InterruptedException e) {
                    return;
                } catch (RuntimeException e) {
                    brokenBecause = e.toString();
                    broken = true;
                }
                pending.clear();
                if (broken) recover();
            }
        } finally {
            closeStream();
            lock.unlock();
        }
    }

    private void sendBatch(List<Message> messages) {
        if (stream == null) openStream();
        PeerFrame.Builder frame = PeerFrame.newBuilder().setClusterId(clusterId).setFromAddress(selfAddress.get());
        int bytes = 0;
        for (Message m : messages) {
            if (bytes > 0 && bytes + m.getSerializedSize() > FRAME_BYTES) {
                write(frame.build());
                frame.clearMessages();
                bytes = 0;
            }
            frame.addMessages(m);
            bytes += m.getSerializedSize();
        }
        if (frame.getMessagesCount() > 0) write(frame.build());
    }

    private void write(PeerFrame frame) {
        long start = System.nanoTime();
        while (!broken && !stream.isReady()) {
            if (System.nanoTime() - start > STALL_LIMIT_NANOS) {
                brokenBecause = "no flow-control credit for 2 s";
                stream.cancel("peer not reading", null);
                broken = true;
                return;
            }
            LockSupport.parkNanos(200_000);
        }
        if (broken) return;
        stream.onNext(frame);
        if (reportedDown) {
            log.info("peer n" + peerId + " at " + address + " reachable again");
            reportedDown = false;
        }
        backoffMs = MIN_BACKOFF_MS;
    }

    private void openStream() {
        broken = false;
        PeerGrpc.newStub(channel).send(new ClientResponseObserver<PeerFrame, SendAck>() {
            private ClientCallStreamObserver<PeerFrame> mine;

            @Override
            public void beforeStart(ClientCallStreamObserver<PeerFrame> requestStream) {
                mine = requestStream;
                stream = requestStream;
            }

            @Override
            public void onNext(SendAck value) {}

            @Override
            public void onError(Throwable t) {
                breaks(t.toString());
            }

            @Override
            public void onCompleted() {
                breaks("stream closed by the peer");
            }

            /** The end of a stream we already replaced (cancelled at a reconnect) breaks nothing. */
            private void breaks(String because) {
                if (stream != mine) return;
                brokenBecause = because;
                broken = true;
            }
        });
    }

    private void recover() {
        closeStream();
        queue.clear();
        inbox.unreachable(peerId);
        // Our backoff paces reconnects; gRPC's own (up to minutes) must not add to it.
        channel.resetConnectBackoff();
        if (!reportedDown) {
            log.info("peer n" + peerId + " at " + address + " unreachable (" + brokenBecause + "); retrying with backoff");
            reportedDown = true;
        }
        try {
            Thread.sleep(backoffMs);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            running = false;
        }
        backoffMs = Math.min(MAX_BACKOFF_MS, backoffMs * 2);
        queue.clear();
        // The stream is gone: the next message opens a new one.
        broken = false;
    }

    private void closeStream() {
        if (stream != null) {
            try {
                stream.cancel("reconnecting", null);
            } catch (RuntimeException ignored) {
                // the stream is already gone
            }
            stream = null;
        }
    }

    @Override
    public void close() {
        running = false;
        thread.interrupt();
        try {
            thread.join(2000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        channel.shutdownNow();
    }
}
