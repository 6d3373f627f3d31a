package io.faultline.harness.system.etcd;

import io.etcd.jetcd.ByteSequence;
import io.etcd.jetcd.Client;
import io.etcd.jetcd.KV;
import io.etcd.jetcd.kv.GetResponse;
import io.etcd.jetcd.kv.TxnResponse;
import io.etcd.jetcd.op.Cmp;
import io.etcd.jetcd.op.CmpTarget;
import io.etcd.jetcd.options.GetOption;
import io.etcd.jetcd.options.PutOption;
import io.faultline.harness.client.Completion;
import io.faultline.harness.generator.KvOp;
import io.faultline.harness.system.NodeCaller;
import io.faultline.harness.system.ErrorKind;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * get = Range (linearizable unless serializable reads are asked for), put = Put,
 * delete = DeleteRange, cas = a Txn: if the key's value is the expected one (or the
 * key is absent: version 0) then Put.
 */
final class EtcdCaller implements NodeCaller {
    private final Map<Integer, Client> clients;
    private final GetOption readOption;

    EtcdCaller(Map<Integer, Client> clients, boolean serializableReads) {
        this.clients = clients;
        this.readOption = GetOption.builder().withSerializable(serializableReads).build();
    }

    @Override
    public Completion call(int node, KvOp op, long timeoutMs) throws Exception {
        KV kv = clients.get(node).getKVClient();
        ByteSequence key = bytes(op.key());
        switch (op.kind()) {
            case READ: {
                GetResponse r = await(kv.get(key, readOption), timeoutMs);
                return Completion.ok(r.getKvs().isEmpty() ? null : text(r.getKvs().get(0).getValue())).reported(term(r), null);
            }
            case WRITE:
                var put = await(kv.put(key, bytes((String) op.value())), timeoutMs);
                return Completion.ok(op.value()).reported(term(put), null);
            case CAS: {
                List<?> v = (List<?>) op.value();
                String expected = (String) v.get(0);
                Cmp guard = expected == null
                        ? new Cmp(key, Cmp.Op.EQUAL, CmpTarget.version(0))
                        : new Cmp(key, Cmp.Op.EQUAL, CmpTarget.value(bytes(expected)));
                TxnResponse r = await(kv.txn().If(guard)
                        .Then(io.etcd.jetcd.op.Op.put(key, bytes((String) v.get(1)), PutOption.DEFAULT))
                        .commit(), timeoutMs);
                return (r.isSucceeded() ? Completion.ok(op.value()) : Completion.fail(Completion.CAS_MISMATCH))
                        .reported(term(r), null);
            }
            case DELETE:
                var deleted = await(kv.delete(key), timeoutMs);
                return Completion.ok(null).reported(term(deleted), null);
            default:
                throw new IllegalStateException("unknown op kind " + op.kind());
        }
    }

    /** The Raft term the answering member reported in its response header (recorded as the op's term). */
    private static Long term(io.etcd.jetcd.Response response) {
        return response.getHeader() == null ? null : response.getHeader().getRaftTerm();
    }

    private static <T> T await(CompletableFuture<T> f, long timeoutMs) throws Exception {
        try {
            return f.get(timeoutMs, TimeUnit.MILLISECONDS);
        } catch (java.util.concurrent.TimeoutException | InterruptedException e) {
            f.cancel(true);
            throw e;
        }
    }

    @Override
    public ErrorKind classify(Exception e) {
        return EtcdOutcomes.classify(e);
    }

    private static ByteSequence bytes(String s) {
        return ByteSequence.from(s, StandardCharsets.UTF_8);
    }

    private static String text(ByteSequence b) {
        return b.toString(StandardCharsets.UTF_8);
    }
}
