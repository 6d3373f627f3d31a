package io.faultline.kv.server;

import io.faultline.kv.api.CasRequest;
import io.faultline.kv.api.CasResponse;
import io.faultline.kv.api.DeleteRequest;
import io.faultline.kv.api.DeleteResponse;
import io.faultline.kv.api.GetRequest;
import io.faultline.kv.api.GetResponse;
import io.faultline.kv.api.KvGrpc;
import io.faultline.kv.api.PutRequest;
import io.faultline.kv.api.PutResponse;
import io.faultline.kv.loop.RaftLoop;
import io.faultline.kv.peer.Command;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.StreamObserver;

/** The client API: validates, then hands the request to the Ready loop. */
public final class KvService extends KvGrpc.KvImplBase {
    private final RaftLoop loop;
    private final RequestValidator validator;

    public KvService(RaftLoop loop, RequestValidator validator) {
        this.loop = loop;
        this.validator = validator;
    }

    @Override
    public void get(GetRequest request, StreamObserver<GetResponse> observer) {
        if (!valid(observer, () -> {
            validator.known(request);
            validator.key(request.getKey());
        })) {
            return;
        }
        Replies.reply(loop.read(request.getKey()), r -> r, observer);
    }

    @Override
    public void put(PutRequest request, StreamObserver<PutResponse> observer) {
        if (!valid(observer, () -> {
            validator.known(request);
            validator.key(request.getKey());
            validator.value("value", request.getValue());
        })) {
            return;
        }
        Replies.reply(loop.write(Command.newBuilder().setPut(request)), r -> (PutResponse) r, observer);
    }

    @Override
    public void delete(DeleteRequest request, StreamObserver<DeleteResponse> observer) {
        if (!valid(observer, () -> {
            validator.known(request);
            validator.key(request.getKey());
        })) {
            return;
        }
        Replies.reply(loop.write(Command.newBuilder().setDelete(request)), r -> (DeleteResponse) r, observer);
    }

    @Override
    public void cas(CasRequest request, StreamObserver<CasResponse> observer) {
        if (!valid(observer, () -> {
            validator.known(request);
            validator.key(request.getKey());
            validator.value("new_value", request.getNewValue());
            validator.value("expected", request.getExpected());
        })) {
            return;
        }
        Replies.reply(loop.write(Command.newBuilder().setCas(request)), r -> (CasResponse) r, observer);
    }

    /** Runs {@code checks}; a bad request is answered (INVALID_ARGUMENT) here and gives false. */
    private static boolean valid(StreamObserver<?> observer, Runnable checks) {
        try {
            checks.run();
            return true;
        } catch (StatusRuntimeException e) {
            observer.onError(e);
            return false;
        }
    }
}
