package io.faultline.harness.cluster;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * The power-loss file system (docker/powerfs/powerfs.c, {@code faultline-powerfs} in every
 * system's image): mounted over a node's data volume, it keeps the writes the node did not
 * fsync in memory and drops them on command. A node process killed meanwhile does not end
 * it, so the unsynced writes outlive a kill (as a page cache does) until a power loss drops
 * them; a restart then sees what was synced.
 */
public final class PowerLossFs {
    /** The program in the images. */
    public static final String BINARY = "/usr/local/bin/faultline-powerfs";
    /** Its control socket in each container. */
    public static final String SOCKET = "/run/faultline-powerfs.sock";
    /** The FUSE device the containers get; the host must have it. */
    public static final String DEVICE = "/dev/fuse";

    private PowerLossFs() {}

    /** Why this host cannot mount it (the Docker engine runs here); empty when it can. */
    public static Optional<String> hostProblem() {
        return hostProblem(Path.of(DEVICE));
    }

    static Optional<String> hostProblem(Path device) {
        if (Files.exists(device)) return Optional.empty();
        return Optional.of("power loss needs the FUSE device " + device + " on the Docker host, which has none: load the "
                + "fuse kernel module (modprobe fuse; Debian/Ubuntu: apt-get install fuse3) or run on a host that has "
                + "it; the containers get it with --device /dev/fuse --cap-add SYS_ADMIN");
    }

    /** The command that mounts it over {@code dir} (the file system daemonizes itself). */
    public static String[] mount(String dir) {
        return new String[] {BINARY, "mount", dir, SOCKET};
    }

    /** XORs one byte of {@code file} with {@code mask} (synced); the program prints the file, offset, old and new byte. */
    public static String[] flip(String file, long offset, int mask) {
        return new String[] {BINARY, "flip", file, Long.toString(offset), Integer.toString(mask)};
    }

    /** A control command: {@code stats}, {@code flush}, {@code drop all}, {@code drop suffix SEED}. */
    public static String[] control(String... words) {
        String[] cmd = new String[3 + words.length];
        cmd[0] = BINARY;
        cmd[1] = "ctl";
        cmd[2] = SOCKET;
        System.arraycopy(words, 0, cmd, 3, words.length);
        return cmd;
    }
}
