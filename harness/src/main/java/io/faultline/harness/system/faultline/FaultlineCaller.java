package io.faultline.harness.system.faultline;

import io.faultline.harness.client.Completion;
import io.faultline.harness.generator.KvOp;
import io.faultline.harness.system.NodeCaller;
import io.faultline.harness.system.Verdict;
import io.faultline.kv.api.CasRequest;
import io.faultline.kv.api.CasResponse;
import io.faultline.kv.api.DeleteRequest;
import io.faultline.kv.api.GetRequest;
import io.faultline.kv.api.GetResponse;
import io.faultline.kv.api.KvGrpc;
import io.faultline.kv.api.PutRequest;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import io.grpc.StatusRuntimeException;
import java.util.HashMap;
import java.util.List;
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
        switch (op.kind()) {
            case READ: {
                GetResponse r = stub.get(GetRequest.newBuilder().setKey(op.key()).build());
                return Completion.ok(r.getFound() ? r.getValue() : null);
            }
            case WRITE:
                stub.put(PutRequest.newBuilder().setKey(op.key()).setValue((String) op.value()).build());
                return Completion.ok(op.value());
            case CAS: {
                List<?> v = (List<?>) op.value();
                String expected = (String) v.get(0);
                CasRequest.Builder b = CasRequest.newBuilder().setKey(op.key()).setNewValue((String) v.get(1));
                if (expected == null) b.setExpectedAbsent(true);
                else b.setExpected(expected);
                CasResponse r = stub.cas(b.build());
                return r.getSwapped() ? Completion.ok(op.value()) : Completion.fail(Completion.CAS_MISMATCH);
            }
            case DELETE:
                stub.delete(DeleteRequest.newBuilder().setKey(op.key()).build());
                return Completion.ok(null);
            default:
                throw new IllegalStateException("unknown op kind " + op.kind());
        }
    }

    @Override
    public Verdict classify(Exception e) {
        if (e instanceof StatusRuntimeException s) return OutcomeMapper.classify(s);
        return new Verdict.Unknown(e.toString());
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
        for (ManagedChannel c : channels.values()) c.shutdownNow();
        for (ManagedChannel c : channels.values()) {
            try {
                c.awaitTermination(1, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }
}
