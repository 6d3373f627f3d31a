package io.faultline.kv.storage;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Whether a directory lies on the chaos harness's power-loss file system
 * (docker/powerfs: mounted as {@code fuse.faultline-powerfs}), where a power loss really
 * drops what was never synced; then {@code --unsafe-lost-fsync} must not simulate the loss
 * a second time at restart.
 */
public final class PowerLossMount {
    static final String FS_TYPE = "fuse.faultline-powerfs";

    private PowerLossMount() {}

    public static boolean covers(Path dir) {
        try {
            return covers(dir.toAbsolutePath().normalize(), Files.readAllLines(Path.of("/proc/self/mounts")));
        } catch (IOException | RuntimeException e) {
            return false; // no mount table (not Linux): no such file system either
        }
    }

    /** The deepest mount point holding {@code dir}, as /proc/self/mounts lists them, decides. */
    static boolean covers(Path dir, List<String> mounts) {
        String best = null;
        String bestType = null;
        for (String line : mounts) {
            String[] f = line.split(" ");
            if (f.length < 3) continue;
            String point = f[1].replace("\\040", " ");
            if (dir.startsWith(Path.of(point)) && (best == null || point.length() >= best.length())) {
                best = point;
                bestType = f[2];
            }
        }
        return FS_TYPE.equals(bestType);
    }
}
