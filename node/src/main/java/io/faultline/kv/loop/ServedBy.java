package io.faultline.kv.loop;

import com.google.protobuf.Message;
import io.faultline.kv.api.CasResponse;
import io.faultline.kv.api.DeleteResponse;
import io.faultline.kv.api.GetResponse;
import io.faultline.kv.api.PutResponse;
import io.faultline.kv.api.Served;

/** Puts kv.proto's {@code Served} (term, leader) into a KV answer; every answer type has that field. */
final class ServedBy {
    private ServedBy() {}

    @SuppressWarnings("unchecked")
    static <T extends Message> T stamp(T answer, long term, long leaderId) {
        Served served = Served.newBuilder().setTerm(term).setLeaderId(leaderId).build();
        Message stamped;
        if (answer instanceof GetResponse r) stamped = r.toBuilder().setServed(served).build();
        else if (answer instanceof PutResponse r) stamped = r.toBuilder().setServed(served).build();
        else if (answer instanceof DeleteResponse r) stamped = r.toBuilder().setServed(served).build();
        else if (answer instanceof CasResponse r) stamped = r.toBuilder().setServed(served).build();
        else stamped = answer;
        return (T) stamped;
    }
}
