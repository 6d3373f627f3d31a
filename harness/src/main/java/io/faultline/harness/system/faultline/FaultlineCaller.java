package io.faultline.harness.system.faultline;

import io.faultline.harness.client.Completion;
import io.faultline.harness.generator.KvOp;
import io.faultline.harness.system.NodeCaller;
import io.faultline.harness.system.ErrorKind;
import io.faultline.kv.api.KvGrpc;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import io.grpc.StatusRuntimeException;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** kv.proto calls to one node at a time, on a channel per node of its own (one worker's). */
final class FaultlineCaller implements NodeCaller {
    private final Map<Integer, String> addresses;
    private final Map<Integer, ManagedChannel> channels = new HashMap<>();

    FaultlineCaller(Map<Integer, String> addresses) {
        this.addresses = Map.copyOf(addresses);
    }

    @Override
    public Completion call(int node, KvOp op, long timeoutMs) {
        KvGrpc.KvBlockingStub stub = KvGrpc.newBlockingStub(channel(node))
                .withDeadlineAfter(timeoutMs, TimeUnit.MILLISECONDS);
        return switch (op.kind()) {
            case READ -> FaultlineRequests.read(stub.get(FaultlineRequests.get(op)));
            case WRITE -> FaultlineRequests.written(op, stub.put(FaultlineRequests.put(op)));
            case CAS -> FaultlineRequests.written(op, stub.cas(FaultlineRequests.cas(op)));
            case DELETE -> FaultlineRequests.written(op, stub.delete(FaultlineRequests.delete(op)));
        };
    }

    @Override
    public ErrorKind classify(Exception e) {
        if (e instanceof StatusRuntimeException s) return OutcomeMapper.classify(s);
        return new ErrorKind.Unknown(e.toString());
    }

    @Override
    public void refused(int node) {
        channel(node).resetConnectBackoff();
    }

    private ManagedChannel channel(int node) {
        return channels.computeIfAbsent(node,
                n -> ManagedChannelBuilder.forTarget(addresses.get(n)).usePlaintext().build());
    }

    @Override
    public void close() {
        Channels.closeAll(channels.values());
    }
}
