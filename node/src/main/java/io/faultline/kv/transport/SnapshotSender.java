package io.faultline.kv.transport;

import io.faultline.kv.loop.Inbox;
import com.google.protobuf.ByteString;
import io.faultline.kv.log.NodeLog;
import io.faultline.kv.peer.PeerGrpc;
import io.faultline.kv.peer.SnapshotAck;
import io.faultline.kv.peer.SnapshotChunk;
import io.faultline.raft.pb.Message;
import io.faultline.raft.pb.Snapshot;
import io.grpc.ManagedChannel;
import io.grpc.stub.ClientCallStreamObserver;
import io.grpc.stub.ClientResponseObserver;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/** Streams MSG_SNAPSHOT messages to peers in chunks, off the Ready loop, and reports the outcome to Raft. */
final class SnapshotSender implements AutoCloseable {
    static final int CHUNK_BYTES = 1 << 20;
    private static final long TIMEOUT_SECONDS = 30;

    private final long clusterId;
    private final Inbox inbox;
    private final NodeLog log;
    private final ExecutorService executor;

    SnapshotSender(long selfId, long clusterId, Inbox inbox, NodeLog log) {
        this.clusterId = clusterId;
        this.inbox = inbox;
        this.log = log;
        // Raft sends one snapshot per follower at a time, so this stays at most one thread per peer;
        // a transfer stuck on a partitioned peer does not delay the others.
        this.executor = Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "n" + selfId + "-snapshot-send");
            t.setDaemon(true);
            return t;
        });
    }

    void send(Message message, ManagedChannel channel) {
        executor.execute(() -> {
            boolean ok = transfer(message, channel);
            inbox.snapshotSent(message.getTo(), ok);
        });
    }

    private boolean transfer(Message message, ManagedChannel channel) {
        Snapshot snapshot = message.getSnapshot();
        ByteString data = snapshot.getData();
        Message header = message.toBuilder().setSnapshot(snapshot.toBuilder().clearData()).build();
        CompletableFuture<Void> acked = new CompletableFuture<>();
        ClientCallStreamObserver<SnapshotChunk>[] holder = newHolder();
        PeerGrpc.newStub(channel).withDeadlineAfter(TIMEOUT_SECONDS, TimeUnit.SECONDS).installSnapshot(new ClientResponseObserver<SnapshotChunk, SnapshotAck>() {
            @Override
            public void beforeStart(ClientCallStreamObserver<SnapshotChunk> requestStream) {
                holder[0] = requestStream;
            }

            @Override
            public void onNext(SnapshotAck value) {}

            @Override
            public void onError(Throwable t) {
                acked.completeExceptionally(t);
            }

            @Override
            public void onCompleted() {
                acked.complete(null);
            }
        });
        ClientCallStreamObserver<SnapshotChunk> stream = holder[0];
        try {
            int offset = 0;
            boolean first = true;
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(TIMEOUT_SECONDS);
            while (first || offset < data.size()) {
                while (!stream.isReady() && !acked.isDone()) {
                    if (System.nanoTime() > deadline) throw new IllegalStateException("timed out");
                    LockSupport.parkNanos(1_000_000);
                }
                if (acked.isDone()) break;
                int end = Math.min(data.size(), offset + CHUNK_BYTES);
                SnapshotChunk.Builder chunk = SnapshotChunk.newBuilder().setClusterId(clusterId)
                        .setData(data.substring(offset, end));
                if (first) chunk.setHeader(header);
                stream.onNext(chunk.build());
                offset = end;
                first = false;
            }
            stream.onCompleted();
            acked.get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
            log.info("sent snapshot at index " + snapshot.getMetadata().getIndex() + " (" + data.size()
                    + " bytes) to n" + message.getTo());
            return true;
        } catch (Exception e) {
            stream.cancel("snapshot failed", e);
            log.info("sending snapshot to n" + message.getTo() + " failed: " + e);
            return false;
        }
    }

    @SuppressWarnings("unchecked")
    private static ClientCallStreamObserver<SnapshotChunk>[] newHolder() {
        return new ClientCallStreamObserver[1];
    }

    @Override
    public void close() {
        executor.shutdownNow();
    }
}
