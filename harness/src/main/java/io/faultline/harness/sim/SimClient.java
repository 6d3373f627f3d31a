package io.faultline.harness.sim;

import io.faultline.harness.client.Completion;
import io.faultline.harness.generator.KvOp;
import io.faultline.harness.system.Attempts;
import io.faultline.harness.system.faultline.FaultlineRequests;
import io.faultline.harness.system.faultline.OutcomeMapper;
import io.faultline.kv.peer.Command;
import io.faultline.sim.SimCluster;
import io.faultline.sim.SimNode;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.function.Consumer;

/**
 * A worker's client in the simulator: the harness's redirect and outcome rules
 * ({@link Attempts}), the node's request path below gRPC, an op timeout in virtual time.
 * A request takes a random network delay each way; the answer of one that timed out
 * is ignored.
 */
final class SimClient {
    private final SimCluster cluster;
    private final Attempts attempts;
    private final long opTimeoutNanos;

    SimClient(SimCluster cluster, int firstNode, long opTimeoutNanos) {
        this.cluster = cluster;
        List<Integer> ids = new ArrayList<>();
        for (long id : cluster.ids()) ids.add((int) id);
        this.attempts = new Attempts(ids, firstNode, opTimeoutNanos, () -> cluster.scheduler().now());
        this.opTimeoutNanos = opTimeoutNanos;
    }

    void moveOn() {
        attempts.moveOn();
    }

    /** Runs {@code op}; {@code done} gets its completion, in virtual time. */
    void invoke(KvOp op, Consumer<Completion> done) {
        attempts.begin();
        attempt(op, cluster.scheduler().now() + opTimeoutNanos, 0, done);
    }

    private void attempt(KvOp op, long deadline, int attempt, Consumer<Completion> done) {
        long now = cluster.scheduler().now();
        if (attempt >= attempts.maxAttempts() || now >= deadline) {
            done.accept(attempts.refused());
            return;
        }
        int node = attempts.current();
        boolean[] finished = {false};
        Consumer<Object> answer = result -> {
            if (finished[0]) return;
            finished[0] = true;
            if (result instanceof Completion c) {
                done.accept(c.from(node));
                return;
            }
            Attempts.Next next = attempts.onError(node, OutcomeMapper.classify((StatusRuntimeException) result),
                    op.readOnly());
            if (next instanceof Attempts.Done d) {
                done.accept(d.completion());
            } else {
                long backoff = ((Attempts.Retry) next).backoffMs() * 1_000_000L;
                cluster.scheduler().after(backoff, () -> attempt(op, deadline, attempt + 1, done));
            }
        };
        cluster.scheduler().after(deadline - now, () -> answer.accept(
                Status.DEADLINE_EXCEEDED.withDescription("client deadline").asRuntimeException()));
        cluster.scheduler().after(hop(), () -> send(cluster.node(node), op).whenComplete((r, e) ->
                cluster.scheduler().after(hop(), () -> answer.accept(e == null ? r : unwrap(e)))));
    }

    private long hop() {
        return cluster.scheduler().random().nextLong(50_000, 1_000_000);
    }

    private static CompletableFuture<Completion> send(SimNode node, KvOp op) {
        return switch (op.kind()) {
            case READ -> node.read(op.key()).thenApply(FaultlineRequests::read);
            case WRITE -> node.write(Command.newBuilder().setPut(FaultlineRequests.put(op))).thenApply(r -> FaultlineRequests.written(op, r));
            case CAS -> node.write(Command.newBuilder().setCas(FaultlineRequests.cas(op))).thenApply(r -> FaultlineRequests.written(op, r));
            case DELETE -> node.write(Command.newBuilder().setDelete(FaultlineRequests.delete(op)))
                    .thenApply(r -> FaultlineRequests.written(op, r));
        };
    }

    private static Object unwrap(Throwable e) {
        Throwable t = e instanceof CompletionException && e.getCause() != null ? e.getCause() : e;
        if (t instanceof StatusRuntimeException s) return s;
        return Status.UNKNOWN.withDescription(String.valueOf(t)).asRuntimeException();
    }
}
