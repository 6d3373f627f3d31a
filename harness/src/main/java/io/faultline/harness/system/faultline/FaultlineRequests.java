package io.faultline.harness.system.faultline;

import io.faultline.harness.client.Completion;

import io.faultline.harness.generator.KvOp;
import io.faultline.kv.api.CasRequest;
import io.faultline.kv.api.CasResponse;
import io.faultline.kv.api.DeleteRequest;
import io.faultline.kv.api.DeleteResponse;
import io.faultline.kv.api.GetRequest;
import io.faultline.kv.api.GetResponse;
import io.faultline.kv.api.PutRequest;
import io.faultline.kv.api.PutResponse;
import io.faultline.kv.api.Served;
import java.util.List;

/** An operation as a kv.proto request, and the Faultline node's answer as a completion (gRPC and simulator alike). */
public final class FaultlineRequests {
    private FaultlineRequests() {}

    public static PutRequest put(KvOp op) {
        return PutRequest.newBuilder().setKey(op.key()).setValue((String) op.value()).build();
    }

    public static DeleteRequest delete(KvOp op) {
        return DeleteRequest.newBuilder().setKey(op.key()).build();
    }

    public static CasRequest cas(KvOp op) {
        List<?> v = (List<?>) op.value();
        String expected = (String) v.get(0);
        CasRequest.Builder b = CasRequest.newBuilder().setKey(op.key()).setNewValue((String) v.get(1));
        if (expected == null) b.setExpectedAbsent(true);
        else b.setExpected(expected);
        return b.build();
    }

    public static GetRequest get(KvOp op) {
        return GetRequest.newBuilder().setKey(op.key()).build();
    }

    public static Completion read(GetResponse r) {
        return reported(Completion.ok(r.getFound() ? r.getValue() : null), r.hasServed() ? r.getServed() : null);
    }

    /** The completion of a write the node answered ({@code response}: its Put/Delete/Cas response). */
    public static Completion written(KvOp op, com.google.protobuf.Message response) {
        Completion c = response instanceof CasResponse r && !r.getSwapped()
                ? Completion.fail(Completion.CAS_MISMATCH) : Completion.ok(op.value());
        return reported(c, served(response));
    }

    /** The term and leader the node said it had when it answered; a node that does not say (older ones) leaves them out. */
    private static Completion reported(Completion c, Served s) {
        if (s == null) return c;
        return c.reported(s.getTerm(), s.getLeaderId() == 0 ? null : io.faultline.kv.config.MemberNumbers.place(s.getLeaderId()));
    }

    private static Served served(com.google.protobuf.Message response) {
        if (response instanceof PutResponse r && r.hasServed()) return r.getServed();
        if (response instanceof DeleteResponse r && r.hasServed()) return r.getServed();
        if (response instanceof CasResponse r && r.hasServed()) return r.getServed();
        return null;
    }
}
