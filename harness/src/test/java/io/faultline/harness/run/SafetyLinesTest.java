package io.faultline.harness.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.faultline.harness.system.Systems;
import io.faultline.kv.NodeLog;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SafetyLinesTest {
    private static final String BROKE = "2026-11-30T07:00:01.000Z n2 t9 follower  " + NodeLog.SAFETY_VIOLATION
            + ": refused MSG_APPEND from n1 of term 11: entry 53 (term 7 here, 9 in the append) conflicts with committed entry";

    @TempDir
    Path dir;

    @Test
    void theFaultlineNodesSafetyLinesAreFoundAndNamedByNode() throws Exception {
        Files.writeString(dir.resolve("n1.log"), "2026-11-30T07:00:00.000Z n1 t9 leader    became leader\n");
        Files.writeString(dir.resolve("n2.log"), "2026-11-30T07:00:00.500Z n2 t9 follower  leader is n1\n" + BROKE + "\n");
        List<String> found = SafetyLines.scan(dir, Systems.defaultSystem()::saysSafetyBroke);
        assertEquals(List.of("n2: " + BROKE), found);
    }

    @Test
    void ordinaryLogsAndMissingLogsSayNothing() throws Exception {
        Files.writeString(dir.resolve("n1.log"), "2026-11-30T07:00:00.000Z n1 t9 leader    ignored MSG_APPEND from n4: "
                + "no such peer\n");
        assertTrue(SafetyLines.scan(dir, Systems.defaultSystem()::saysSafetyBroke).isEmpty());
        assertTrue(SafetyLines.scan(dir.resolve("none"), l -> true).isEmpty());
    }
}
