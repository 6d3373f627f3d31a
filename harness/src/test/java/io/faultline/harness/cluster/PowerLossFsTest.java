package io.faultline.harness.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PowerLossFsTest {
    @TempDir
    Path dir;

    @Test
    void aHostWithoutTheFuseDeviceIsToldWhatItNeeds() throws Exception {
        String why = PowerLossFs.hostProblem(dir.resolve("fuse")).orElseThrow();
        assertTrue(why.contains("FUSE device") && why.contains("modprobe fuse") && why.contains("--device /dev/fuse"), why);
        assertEquals(Optional.empty(), PowerLossFs.hostProblem(Files.createFile(dir.resolve("fuse"))));
    }

    @Test
    void theCommandsAreTheProgramsOwn() {
        assertEquals(List.of("/usr/local/bin/faultline-powerfs", "mount", "/data", "/run/faultline-powerfs.sock"),
                List.of(PowerLossFs.mount("/data")));
        assertEquals(List.of("/usr/local/bin/faultline-powerfs", "ctl", "/run/faultline-powerfs.sock", "drop", "suffix", "7"),
                List.of(PowerLossFs.control("drop", "suffix", "7")));
        assertEquals(List.of("/usr/local/bin/faultline-powerfs", "flip", "/data/x", "12", "4"),
                List.of(PowerLossFs.flip("/data/x", 12, 4)));
    }
}
