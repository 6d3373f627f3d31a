package io.faultline.harness.system.nats;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.faultline.harness.client.Completion;
import io.faultline.harness.generator.KvOp;
import io.faultline.harness.system.ErrorKind;
import io.faultline.harness.system.NodeCaller;
import io.nats.client.Connection;
import io.nats.client.JetStreamStatusException;
import io.nats.client.Message;
import io.nats.client.impl.Headers;
import io.nats.client.impl.NatsMessage;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

/**
 * The KV workload on JetStream's own API, one request per step, on the member's connection:
 * get = the key's last message (the stream leader's STREAM.MSG.GET, or DIRECT.GET from any
 * replica with {@code direct-get}); put = a publish to the key's subject; delete = a publish
 * with {@code KV-Operation: DEL}; cas = a get of the key's value and revision, then a publish
 * expecting that revision ({@code Nats-Expected-Last-Subject-Sequence}, the KV client's
 * {@code update}). A cas whose read shows another value is a mismatch; one whose revision moved
 * between its read and its write is refused by the stream ("wrong last sequence"), a plain fail:
 * the value may have been the expected one all along.
 */
final class NatsCaller implements NodeCaller {
    static final String KV_OPERATION = "KV-Operation";
    static final String DELETE = "DEL";
    static final String PURGE = "PURGE";
    static final String EXPECTED_LAST_SUBJECT_SEQUENCE = "Nats-Expected-Last-Subject-Sequence";
    private static final ObjectMapper JSON = new ObjectMapper();

    /** The member's connection; NotConnected when there is none to be had now. */
    @FunctionalInterface
    interface Connections {
        Connection of(int node) throws NatsOutcomes.NotConnected;
    }

    private final Connections connections;
    private final NatsBucket bucket;

    NatsCaller(Connections connections, NatsBucket bucket) {
        this.connections = connections;
        this.bucket = bucket;
    }

    /** A key's last message: its value (null when absent or deleted) and its revision (0: never written). */
    record Entry(String value, long revision) {}

    @Override
    public Completion call(int node, KvOp op, long timeoutMs) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMs);
        Connection c = connections.of(node);
        switch (op.kind()) {
            case READ:
                return Completion.ok(last(c, op.key(), timeoutMs).value());
            case WRITE:
                publish(c, op.key(), new Headers(), bytes((String) op.value()), timeoutMs);
                return Completion.ok(op.value());
            case DELETE:
                publish(c, op.key(), new Headers().put(KV_OPERATION, DELETE), new byte[0], timeoutMs);
                return Completion.ok(null);
            case CAS: {
                List<?> v = (List<?>) op.value();
                Entry now;
                try {
                    now = last(c, op.key(), timeoutMs);
                } catch (Exception e) {
                    throw new NatsOutcomes.CasReadFailed(e);
                }
                if (!Objects.equals(now.value(), v.get(0))) return Completion.fail(Completion.CAS_MISMATCH);
                long left = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
                if (left <= 0) throw new NatsOutcomes.CasReadFailed(new java.util.concurrent.TimeoutException());
                publish(c, op.key(), new Headers().put(EXPECTED_LAST_SUBJECT_SEQUENCE, Long.toString(now.revision())),
                        bytes((String) v.get(1)), left);
                return Completion.ok(op.value());
            }
            default:
                throw new IllegalStateException("unknown op kind " + op.kind());
        }
    }

    private Entry last(Connection c, String key, long timeoutMs) throws Exception {
        if (bucket.directGet()) {
            Message r = request(c, NatsMessage.builder()
                    .subject("$JS.API.DIRECT.GET." + bucket.stream() + "." + bucket.subject(key)).build(), timeoutMs);
            if (r.isStatusMessage()) {
                if (r.getStatus().getCode() == 404) return new Entry(null, 0);
                throw NatsApiError.status(r.getStatus().getCode(), r.getStatus().getMessage());
            }
            Headers h = r.getHeaders();
            return entry(h.getFirst(KV_OPERATION), Long.parseLong(h.getFirst("Nats-Sequence")), r.getData());
        }
        String body = JSON.writeValueAsString(java.util.Map.of("last_by_subj", bucket.subject(key)));
        JsonNode json = answer(request(c, NatsMessage.builder().subject("$JS.API.STREAM.MSG.GET." + bucket.stream())
                .data(body.getBytes(StandardCharsets.UTF_8)).build(), timeoutMs), true);
        if (json == null) return new Entry(null, 0);
        JsonNode m = json.path("message");
        String operation = null;
        if (m.hasNonNull("hdrs")) {
            String headers = new String(Base64.getDecoder().decode(m.get("hdrs").asText()), StandardCharsets.UTF_8);
            operation = headerValue(headers, KV_OPERATION);
        }
        byte[] data = m.hasNonNull("data") ? Base64.getDecoder().decode(m.get("data").asText()) : new byte[0];
        return entry(operation, m.path("seq").asLong(), data);
    }

    private static Entry entry(String operation, long revision, byte[] data) {
        boolean gone = DELETE.equals(operation) || PURGE.equals(operation);
        return new Entry(gone ? null : new String(data, StandardCharsets.UTF_8), revision);
    }

    /** A header's value in a NATS header block ({@code NATS/1.0\r\nName: value\r\n\r\n}); null when absent. */
    static String headerValue(String block, String name) {
        for (String line : block.split("\r\n")) {
            int colon = line.indexOf(':');
            if (colon > 0 && line.substring(0, colon).trim().equalsIgnoreCase(name)) return line.substring(colon + 1).trim();
        }
        return null;
    }

    /** Publishes to the key's subject and waits for the stream's acknowledgement. */
    private void publish(Connection c, String key, Headers headers, byte[] data, long timeoutMs) throws Exception {
        answer(request(c, NatsMessage.builder().subject(bucket.subject(key)).headers(headers).data(data).build(),
                timeoutMs), false);
    }

    /** The JSON answer; null for "no message found" when {@code absentIsNull}; a {@link NatsApiError} for any other error. */
    static JsonNode answer(Message reply, boolean absentIsNull) throws Exception {
        if (reply.isStatusMessage()) {
            throw NatsApiError.status(reply.getStatus().getCode(), reply.getStatus().getMessage());
        }
        JsonNode json = JSON.readTree(reply.getData());
        JsonNode error = json.get("error");
        if (error == null) return json;
        int errCode = error.path("err_code").asInt();
        if (absentIsNull && errCode == NatsApiError.NO_MESSAGE_FOUND) return null;
        throw new NatsApiError(error.path("code").asInt(), errCode, error.path("description").asText());
    }

    private static Message request(Connection c, Message m, long timeoutMs) throws Exception {
        CompletableFuture<Message> f;
        try {
            f = c.request(m);
        } catch (IllegalStateException e) {
            // jnats queues nothing while it reconnects (its reconnect buffer is off): nothing left.
            throw new NatsOutcomes.NotConnected(e.getMessage(), e);
        }
        try {
            return f.get(timeoutMs, TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof JetStreamStatusException s) {
                throw NatsApiError.status(s.getStatus().getCode(), s.getStatus().getMessage());
            }
            throw e;
        } catch (java.util.concurrent.TimeoutException | InterruptedException e) {
            f.cancel(true);
            throw e;
        }
    }

    @Override
    public ErrorKind classify(Exception e) {
        return NatsOutcomes.classify(e);
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
