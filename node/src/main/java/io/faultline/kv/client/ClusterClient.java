package io.faultline.kv.client;

import io.faultline.kv.api.AdminGrpc;
import io.faultline.kv.api.CasRequest;
import io.faultline.kv.api.CasResponse;
import io.faultline.kv.api.GetRequest;
import io.faultline.kv.api.GetResponse;
import io.faultline.kv.api.KvGrpc;
import io.faultline.kv.api.NotLeader;
import io.faultline.kv.api.PutRequest;
import io.faultline.kv.api.StatusRequest;
import io.faultline.kv.api.StatusResponse;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * A small client of a whole cluster: follows NotLeader hints and retries only
 * definite failures (NotLeader, unknown leader, a node that cannot be reached
 * before sending). An UNAVAILABLE or DEADLINE_EXCEEDED after the request was sent
 * is passed on: the write's outcome is unknown.
 */
public final class ClusterClient implements AutoCloseable {
    private final TreeMap<Long, ManagedChannel> channels = new TreeMap<>();
    private final long callTimeoutMs;
    private volatile long leaderGuess;

    /** @param clientAddresses node id to host:port of its client API */
    public ClusterClient(Map<Long, String> clientAddresses, long callTimeoutMs) {
        clientAddresses.forEach((id, address) ->
                channels.put(id, NettyChannelBuilder.forTarget(address).usePlaintext().build()));
        this.callTimeoutMs = callTimeoutMs;
        this.leaderGuess = channels.firstKey();
    }

    public KvGrpc.KvBlockingStub kv(long node) {
        return KvGrpc.newBlockingStub(channels.get(node)).withDeadlineAfter(callTimeoutMs, TimeUnit.MILLISECONDS);
    }

    public AdminGrpc.AdminBlockingStub admin(long node) {
        return AdminGrpc.newBlockingStub(channels.get(node)).withDeadlineAfter(callTimeoutMs, TimeUnit.MILLISECONDS);
    }

    public Optional<StatusResponse> status(long node) {
        try {
            return Optional.of(admin(node).status(StatusRequest.getDefaultInstance()));
        } catch (StatusRuntimeException e) {
            return Optional.empty();
        }
    }

    public void put(String key, String value, long giveUpMs) {
        withLeader(stub -> stub.put(PutRequest.newBuilder().setKey(key).setValue(value).build()), giveUpMs);
    }

    public CasResponse cas(CasRequest request, long giveUpMs) {
        return withLeader(stub -> stub.cas(request), giveUpMs);
    }

    public GetResponse get(String key, long giveUpMs) {
        return withLeader(stub -> stub.get(GetRequest.newBuilder().setKey(key).build()), giveUpMs);
    }

    /** Runs {@code call} on the leader, redirecting on definite failures until {@code giveUpMs} passes. */
    public <T> T withLeader(Function<KvGrpc.KvBlockingStub, T> call, long giveUpMs) {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(giveUpMs);
        StatusRuntimeException last = null;
        while (System.nanoTime() < deadline) {
            long target = leaderGuess;
            try {
                return call.apply(kv(target));
            } catch (StatusRuntimeException e) {
                last = e;
                Optional<NotLeader> hint = NotLeader.from(e);
                if (hint.isPresent()) {
                    long leader = hint.get().leaderId();
                    leaderGuess = leader != 0 && channels.containsKey(leader) ? leader : next(target);
                    if (leader == 0) pause();
                } else if (e.getStatus().getCode() == Status.Code.UNAVAILABLE && isConnectFailure(e)) {
                    leaderGuess = next(target);
                    pause();
                } else {
                    throw e;
                }
            }
        }
        throw last != null ? last : Status.DEADLINE_EXCEEDED.withDescription("no leader found").asRuntimeException();
    }

    /** UNAVAILABLE from the channel itself (nothing sent), as opposed to the node's "outcome unknown". */
    private static boolean isConnectFailure(StatusRuntimeException e) {
        String description = e.getStatus().getDescription();
        return description == null || !description.startsWith("outcome unknown");
    }

    private long next(long node) {
        Long higher = channels.higherKey(node);
        return higher != null ? higher : channels.firstKey();
    }

    private static void pause() {
        try {
            Thread.sleep(50);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw Status.CANCELLED.withDescription("interrupted").asRuntimeException();
        }
    }

    @Override
    public void close() {
        channels.values().forEach(ManagedChannel::shutdownNow);
    }
}
