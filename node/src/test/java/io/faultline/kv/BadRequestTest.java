package io.faultline.kv;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.UnknownFieldSet;
import io.faultline.kv.api.AddMemberRequest;
import io.faultline.kv.api.CasRequest;
import io.faultline.kv.api.CasResponse;
import io.faultline.kv.api.DeleteRequest;
import io.faultline.kv.api.GetRequest;
import io.faultline.kv.api.KvGrpc;
import io.faultline.kv.api.PutRequest;
import io.faultline.kv.client.ClusterClient;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.nio.file.Path;
import java.util.function.Function;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Bad requests get INVALID_ARGUMENT and change nothing; Cas and Delete answer what they did. */
@Timeout(60)
class BadRequestTest {
    @TempDir
    static Path dir;

    private static LocalCluster cluster;
    private static ClusterClient client;

    @BeforeAll
    static void start() throws InterruptedException {
        cluster = new LocalCluster(dir, 3, 10_000);
        cluster.startAll();
        cluster.awaitLeader(10_000);
        client = cluster.client();
    }

    @AfterAll
    static void stop() {
        cluster.close();
    }

    private static void assertInvalid(Function<KvGrpc.KvBlockingStub, ?> call, String messagePart) {
        StatusRuntimeException e = assertThrows(StatusRuntimeException.class, () -> client.withLeader(call, 5000));
        assertEquals(Status.Code.INVALID_ARGUMENT, e.getStatus().getCode(), e.toString());
        assertTrue(e.getStatus().getDescription().contains(messagePart), e.getStatus().getDescription());
    }

    @Test
    void emptyKeysAreRefused() {
        assertInvalid(s -> s.put(PutRequest.newBuilder().setValue("v").build()), "key must not be empty");
        assertInvalid(s -> s.get(GetRequest.getDefaultInstance()), "key must not be empty");
        assertInvalid(s -> s.delete(DeleteRequest.getDefaultInstance()), "key must not be empty");
        assertInvalid(s -> s.cas(CasRequest.newBuilder().setNewValue("v").build()), "key must not be empty");
    }

    @Test
    void oversizedKeysAndValuesAreRefusedAndNotApplied() {
        // LocalCluster limits keys to 64 bytes and values to 1024.
        assertInvalid(s -> s.put(PutRequest.newBuilder().setKey("k".repeat(65)).setValue("v").build()), "key is 65 bytes");
        assertInvalid(s -> s.put(PutRequest.newBuilder().setKey("big").setValue("v".repeat(1025)).build()),
                "value is 1025 bytes");
        assertInvalid(s -> s.cas(CasRequest.newBuilder().setKey("big").setExpectedAbsent(true)
                .setNewValue("é".repeat(513)).build()), "new_value is 1026 bytes");
        assertFalse(client.get("big", 5000).getFound());
        client.put("k".repeat(64), "v".repeat(1024), 5000);
        assertEquals(1024, client.get("k".repeat(64), 5000).getValue().length());
    }

    @Test
    void unknownFieldsAreRefused() {
        PutRequest withUnknown = PutRequest.newBuilder().setKey("u").setValue("v")
                .setUnknownFields(UnknownFieldSet.newBuilder()
                        .addField(99, UnknownFieldSet.Field.newBuilder().addVarint(1).build()).build())
                .build();
        assertInvalid(s -> s.put(withUnknown), "unknown field");
        assertFalse(client.get("u", 5000).getFound());
    }

    @Test
    void badAdminRequestsAreRefused() {
        long leader = client.status(1).orElseThrow().getLeaderId();
        StatusRuntimeException e = assertThrows(StatusRuntimeException.class, () -> client.admin(leader)
                .addMember(AddMemberRequest.newBuilder().setId(9).setPeerAddress("nowhere").build()));
        assertEquals(Status.Code.INVALID_ARGUMENT, e.getStatus().getCode());
    }

    @Test
    void casSwapsOnlyOnMatchAndReportsTheCurrentValue() {
        CasResponse absent = client.cas(CasRequest.newBuilder().setKey("c").setExpectedAbsent(true).setNewValue("1").build(), 5000);
        assertTrue(absent.getSwapped());
        assertFalse(absent.getFound());
        CasResponse again = client.cas(CasRequest.newBuilder().setKey("c").setExpectedAbsent(true).setNewValue("2").build(), 5000);
        assertFalse(again.getSwapped());
        assertEquals("1", again.getCurrent());
        CasResponse wrong = client.cas(CasRequest.newBuilder().setKey("c").setExpected("9").setNewValue("3").build(), 5000);
        assertFalse(wrong.getSwapped());
        assertTrue(wrong.getFound());
        CasResponse right = client.cas(CasRequest.newBuilder().setKey("c").setExpected("1").setNewValue("3").build(), 5000);
        assertTrue(right.getSwapped());
        assertEquals("3", client.get("c", 5000).getValue());
        // An empty expected value matches an empty value, not a missing key.
        CasResponse missing = client.cas(CasRequest.newBuilder().setKey("none").setExpected("").setNewValue("x").build(), 5000);
        assertFalse(missing.getSwapped());
        assertFalse(missing.getFound());
    }

    @Test
    void deleteSaysWhetherTheKeyExisted() {
        client.put("d", "1", 5000);
        assertTrue(client.withLeader(s -> s.delete(DeleteRequest.newBuilder().setKey("d").build()), 5000).getExisted());
        assertFalse(client.withLeader(s -> s.delete(DeleteRequest.newBuilder().setKey("d").build()), 5000).getExisted());
        assertFalse(client.get("d", 5000).getFound());
    }
}
