package io.faultline.harness.system.faultline;

import io.faultline.kv.api.CasRequest;
import io.faultline.kv.api.CasResponse;
import io.faultline.kv.api.DeleteRequest;
import io.faultline.kv.api.DeleteResponse;
import io.faultline.kv.api.GetRequest;
import io.faultline.kv.api.GetResponse;
import io.faultline.kv.api.KvGrpc;
import io.faultline.kv.api.NotLeader;
import io.faultline.kv.api.PutRequest;
import io.faultline.kv.api.PutResponse;
import io.grpc.Server;
import io.grpc.Status;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.grpc.stub.StreamObserver;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/** A KV "node" on loopback whose behaviour a test sets: serve, redirect, hang or fail ambiguously. */
public final class FakeKvServer implements AutoCloseable {
    public enum Mode { SERVE, NOT_LEADER, HANG, UNAVAILABLE }

    private final Server server;
    private final Map<String, String> data;
    public volatile Mode mode = Mode.SERVE;
    public volatile long leaderHint;
    /** When > 0, every n-th put hangs (an unknown outcome for the client). */
    public volatile int hangEveryNthPut;
    /** A broken node: reads answer the first value ever written to the key (stale reads). */
    public volatile boolean staleReads;
    /** The term and leader put into every answer, as the real node does; null: none (a node from before that field). */
    public volatile io.faultline.kv.api.Served served;
    private final Map<String, String> firstWritten = new ConcurrentHashMap<>();
    public final AtomicInteger calls = new AtomicInteger();
    private final AtomicInteger puts = new AtomicInteger();

    public FakeKvServer(Map<String, String> shared) throws IOException {
        this.data = shared;
        this.server = NettyServerBuilder.forAddress(new InetSocketAddress("127.0.0.1", 0))
                .addService(new Service()).build().start();
    }

    public static Map<String, String> newStore() {
        return new ConcurrentHashMap<>();
    }

    public String address() {
        return "127.0.0.1:" + server.getPort();
    }

    @Override
    public void close() {
        try {
            server.shutdownNow().awaitTermination(2, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private final class Service extends KvGrpc.KvImplBase {
        private <T> boolean refuse(StreamObserver<T> out) {
            calls.incrementAndGet();
            switch (mode) {
                case NOT_LEADER -> out.onError(new NotLeader(leaderHint, null).toException());
                case UNAVAILABLE -> out.onError(Status.UNAVAILABLE.withDescription("outcome unknown").asRuntimeException());
                case HANG -> { }
                default -> {
                    return false;
                }
            }
            return true;
        }

        @Override
        public void get(GetRequest r, StreamObserver<GetResponse> out) {
            if (refuse(out)) return;
            String v = staleReads && firstWritten.containsKey(r.getKey()) ? firstWritten.get(r.getKey()) : data.get(r.getKey());
            GetResponse.Builder b = v == null ? GetResponse.newBuilder().setFound(false) : GetResponse.newBuilder().setFound(true).setValue(v);
            if (served != null) b.setServed(served);
            out.onNext(b.build());
            out.onCompleted();
        }

        @Override
        public void put(PutRequest r, StreamObserver<PutResponse> out) {
            if (refuse(out)) return;
            int n = puts.incrementAndGet();
            data.put(r.getKey(), r.getValue());
            firstWritten.putIfAbsent(r.getKey(), r.getValue());
            if (hangEveryNthPut > 0 && n % hangEveryNthPut == 0) return; // applied, but no answer
            out.onNext(served == null ? PutResponse.getDefaultInstance() : PutResponse.newBuilder().setServed(served).build());
            out.onCompleted();
        }

        @Override
        public void delete(DeleteRequest r, StreamObserver<DeleteResponse> out) {
            if (refuse(out)) return;
            boolean existed = data.remove(r.getKey()) != null;
            out.onNext(DeleteResponse.newBuilder().setExisted(existed).build());
            out.onCompleted();
        }

        @Override
        public synchronized void cas(CasRequest r, StreamObserver<CasResponse> out) {
            if (refuse(out)) return;
            String current = data.get(r.getKey());
            boolean match = r.getExpectedAbsent() ? current == null : r.getExpected().equals(current);
            if (match) data.put(r.getKey(), r.getNewValue());
            CasResponse.Builder b = CasResponse.newBuilder().setSwapped(match).setFound(current != null);
            if (current != null) b.setCurrent(current);
            if (served != null) b.setServed(served);
            out.onNext(b.build());
            out.onCompleted();
        }
    }
}
