package io.faultline.kv.transport;

import io.faultline.kv.loop.Inbox;
import com.google.protobuf.ByteString;
import io.faultline.kv.log.NodeLog;
import io.faultline.kv.peer.PeerFrame;
import io.faultline.kv.peer.PeerGrpc;
import io.faultline.kv.peer.SendAck;
import io.faultline.kv.peer.SnapshotAck;
import io.faultline.kv.peer.SnapshotChunk;
import io.faultline.raft.pb.Message;
import io.grpc.Status;
import io.grpc.stub.StreamObserver;

/** The receiving end of the peer transport: hands messages to the Ready loop. */
final class PeerService extends PeerGrpc.PeerImplBase {
    private final long clusterId;
    private final Inbox inbox;
    private final NodeLog log;

    /** Told the sender and its advertised address of each frame that carries messages. */
    interface AddressBook {
        void learnAddress(long id, String address);
    }

    private final AddressBook addresses;

    PeerService(long clusterId, AddressBook addresses, Inbox inbox, NodeLog log) {
        this.clusterId = clusterId;
        this.addresses = addresses;
        this.inbox = inbox;
        this.log = log;
    }

    @Override
    public StreamObserver<PeerFrame> send(StreamObserver<SendAck> responses) {
        return new StreamObserver<>() {
            private boolean refused;

            @Override
            public void onNext(PeerFrame frame) {
                if (refused) return;
                if (frame.getClusterId() != clusterId) {
                    refused = true;
                    log.info("refusing messages from another cluster (id " + Long.toHexString(frame.getClusterId())
                            + "); check --peers on every node");
                    responses.onError(Status.FAILED_PRECONDITION.withDescription("cluster id mismatch").asRuntimeException());
                    return;
                }
                if (frame.getMessagesCount() > 0 && !frame.getFromAddress().isEmpty()) {
                    addresses.learnAddress(frame.getMessages(0).getFrom(), frame.getFromAddress());
                }
                inbox.deliverAll(frame.getMessagesList());
            }

            @Override
            public void onError(Throwable t) {
                // The sender reconnects; nothing to clean up.
            }

            @Override
            public void onCompleted() {
                if (refused) return;
                responses.onNext(SendAck.getDefaultInstance());
                responses.onCompleted();
            }
        };
    }

    @Override
    public StreamObserver<SnapshotChunk> installSnapshot(StreamObserver<SnapshotAck> responses) {
        return new StreamObserver<>() {
            private Message header;
            private final ByteString.Output data = ByteString.newOutput();
            private boolean failed;

            @Override
            public void onNext(SnapshotChunk chunk) {
                if (failed) return;
                if (chunk.getClusterId() != clusterId || (header == null && !chunk.hasHeader())) {
                    failed = true;
                    responses.onError(Status.FAILED_PRECONDITION
                            .withDescription("snapshot of another cluster or without header").asRuntimeException());
                    return;
                }
                if (chunk.hasHeader()) header = chunk.getHeader();
                byte[] bytes = chunk.getData().toByteArray();
                data.write(bytes, 0, bytes.length);
            }

            @Override
            public void onError(Throwable t) {
                failed = true;
            }

            @Override
            public void onCompleted() {
                if (failed || header == null) return;
                Message message = header.toBuilder()
                        .setSnapshot(header.getSnapshot().toBuilder().setData(data.toByteString())).build();
                inbox.deliver(message);
                responses.onNext(SnapshotAck.getDefaultInstance());
                responses.onCompleted();
            }
        };
    }
}
