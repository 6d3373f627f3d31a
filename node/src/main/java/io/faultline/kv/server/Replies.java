package io.faultline.kv.server;

import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.StreamObserver;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.function.Function;

/** Completes a unary gRPC call from a future: its value, or its gRPC status, or INTERNAL for anything else. */
final class Replies {
    private Replies() {}

    static <T, R> void reply(CompletableFuture<T> future, Function<T, R> map, StreamObserver<R> observer) {
        future.whenComplete((value, error) -> {
            if (error == null) {
                observer.onNext(map.apply(value));
                observer.onCompleted();
            } else {
                observer.onError(status(error));
            }
        });
    }

    static StatusRuntimeException status(Throwable error) {
        Throwable cause = error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
        if (cause instanceof StatusRuntimeException s) return s;
        return Status.INTERNAL.withDescription(cause.toString()).asRuntimeException();
    }
}
