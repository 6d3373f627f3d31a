package io.faultline.kv.server;

import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.nio.charset.StandardCharsets;

/** Checks client requests before anything is proposed, so a bad request changes nothing. */
public final class RequestValidator {
    private final int maxKeyBytes;
    private final int maxValueBytes;

    public RequestValidator(int maxKeyBytes, int maxValueBytes) {
        this.maxKeyBytes = maxKeyBytes;
        this.maxValueBytes = maxValueBytes;
    }

    /** Refuses fields this server does not know (a newer client's request would be half-understood). */
    public void known(com.google.protobuf.Message request) {
        if (!request.getUnknownFields().asMap().isEmpty()) {
            throw invalid(request.getDescriptorForType().getName() + " has unknown field(s) "
                    + request.getUnknownFields().asMap().keySet());
        }
    }

    public void key(String key) {
        if (key.isEmpty()) throw invalid("key must not be empty");
        int bytes = key.getBytes(StandardCharsets.UTF_8).length;
        if (bytes > maxKeyBytes) throw invalid("key is " + bytes + " bytes; the limit is " + maxKeyBytes);
    }

    public void value(String field, String value) {
        int bytes = value.getBytes(StandardCharsets.UTF_8).length;
        if (bytes > maxValueBytes) throw invalid(field + " is " + bytes + " bytes; the limit is " + maxValueBytes);
    }

    public static StatusRuntimeException invalid(String message) {
        return Status.INVALID_ARGUMENT.withDescription(message).asRuntimeException();
    }
}
