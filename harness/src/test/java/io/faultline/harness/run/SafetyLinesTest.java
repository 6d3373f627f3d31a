package io.faultline.harness.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.faultline.harness.system.SystemUnderTest;
import io.faultline.harness.systems.Systems;
import io.faultline.kv.log.NodeLog;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SafetyLinesTest {
    private static final String BROKE = "2026-11-30T07:00:01.000Z n2 t9 follower  " + NodeLog.SAFETY_VIOLATION
            + ": refused MSG_APPEND from n1 of term 11: entry 53 (term 7 here, 9 in the append) conflicts with committed entry";

    private static final SystemUnderTest FAULTLINE = Systems.defaultSystem();

    @TempDir
    Path dir;

    @Test
    void theFaultlineNodesSafetyLinesAreFoundAndNamedByNode() throws Exception {
        Files.writeString(dir.resolve("n1.log"), "2026-11-30T07:00:00.000Z n1 t9 leader    became leader\n");
        Files.writeString(dir.resolve("n2.log"), "2026-11-30T07:00:00.500Z n2 t9 follower  leader is n1\n" + BROKE + "\n");
        List<String> found = SafetyLines.scan(dir, FAULTLINE);
        assertEquals(List.of("n2 logged: " + BROKE), found);
    }

    @Test
    void ordinaryLogsAndMissingLogsSayNothing() throws Exception {
        Files.writeString(dir.resolve("n1.log"), "2026-11-30T07:00:00.000Z n1 t9 leader    ignored MSG_APPEND from n4: "
                + "no such peer\n");
        assertTrue(SafetyLines.scan(dir, FAULTLINE).isEmpty());
        assertTrue(SafetyLines.scan(dir.resolve("none"), FAULTLINE).isEmpty());
    }

    @Test
    void twoNodesElectedInOneTermAreAFinding() {
        String n1 = "2026-11-30T07:00:00.000Z n1 t7 leader    became leader";
        String n3 = "2026-11-30T07:00:09.000Z n3 t7 leader    became leader";
        Map<String, String> logs = new java.util.LinkedHashMap<>();
        logs.put("n1", n1 + "\n2026-11-30T07:00:05.000Z n1 t8 leader    became leader\n");
        logs.put("n2", "2026-11-30T07:00:04.000Z n2 t7 follower  leader is n1\n"
                + "2026-11-30T07:00:06.000Z n2 t9 candidate became candidate\n");
        logs.put("n3", n3 + "\n");
        assertEquals(List.of("two leaders in term 7 (Election Safety): n1 logged: " + n1 + " | n3 logged: " + n3),
                SafetyLines.scan(logs, FAULTLINE));
        logs.put("n3", "2026-11-30T07:00:09.000Z n3 t10 leader    became leader\n");
        assertTrue(SafetyLines.scan(logs, FAULTLINE).isEmpty(), "one leader a term is Raft");
    }

    @Test
    void etcdsElectionLinesAreReadToo() {
        var etcd = Systems.create("etcd", Map.of());
        assertEquals(OptionalLong.of(4), etcd.electedTerm("raft2026/11/30 07:53:31 INFO: def27947bcd91f9b became leader at term 4"));
        assertTrue(etcd.electedTerm("raft2026/11/30 07:53:31 INFO: def27947bcd91f9b became follower at term 4").isEmpty());
        assertTrue(Systems.defaultSystem().electedTerm("2026-11-30T07:00:00.000Z n1 t7 follower  became follower (leader n2)").isEmpty());
    }
}
