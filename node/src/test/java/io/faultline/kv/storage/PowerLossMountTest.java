package io.faultline.kv.storage;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

class PowerLossMountTest {
    private static final List<String> MOUNTS = List.of(
            "overlay / overlay rw,relatime 0 0",
            "/dev/sda1 /data ext4 rw,relatime 0 0",
            "faultline-powerfs /data fuse.faultline-powerfs rw,nosuid,nodev,relatime,user_id=0,group_id=0 0 0",
            "/dev/sda2 /data/other ext4 rw 0 0",
            "faultline-powerfs /scratch\\040dir fuse.faultline-powerfs rw 0 0");

    @Test
    void theDeepestMountHoldingTheDirectoryDecides() {
        assertTrue(PowerLossMount.covers(Path.of("/data"), MOUNTS));
        assertTrue(PowerLossMount.covers(Path.of("/data/etcd/member"), MOUNTS));
        assertFalse(PowerLossMount.covers(Path.of("/data/other/x"), MOUNTS));
        assertFalse(PowerLossMount.covers(Path.of("/var/lib"), MOUNTS));
        assertFalse(PowerLossMount.covers(Path.of("/database"), MOUNTS), "a name that only starts like the mount point");
        assertTrue(PowerLossMount.covers(Path.of("/scratch dir/a"), MOUNTS));
    }

    @Test
    void withoutTheFileSystemNothingIsCovered() {
        assertFalse(PowerLossMount.covers(Path.of("/data"), MOUNTS.subList(0, 2)));
    }
}
