package io.faultline.harness.ssh;

import io.faultline.harness.cluster.PowerLossFs;
import io.faultline.harness.nemesis.Iptables;

/**
 * Where the SSH environment keeps everything on a host: one directory ({@code root}) holding
 * each system's copied files, the node's data (the power-loss file system's mount point) and
 * its log. Every process the harness starts there names that directory on its command line,
 * so {@link #cleanup()} finds them all, even after the harness itself crashed.
 */
public record HostPaths(String root) {
    /** The directory on every host, as help texts name it. */
    public static final String ROOT_TEXT = "/var/lib/faultline-hosts";
    /** The directory on every host unless a test picks another. */
    public static final HostPaths DEFAULT = new HostPaths(ROOT_TEXT);

    public HostPaths {
        if (!root.matches("/[A-Za-z0-9_./-]+") || root.contains("..") || root.equals("/")) {
            throw new IllegalArgumentException("not a directory the cleanup may remove: " + root);
        }
    }

    /** The system's copied files. */
    public String home(String system) {
        return root + "/" + system;
    }

    /** The node's data (its own directory under this, as the system chooses). */
    public String data() {
        return root + "/data";
    }

    public String log() {
        return root + "/node.log";
    }

    /** The power-loss file system's program (docker/powerfs), copied here. */
    public String powerfs() {
        return root + "/bin/faultline-powerfs";
    }

    /** A pgrep pattern for the node process of {@code system} (never the shell that runs pgrep). */
    public String nodePattern(String system) {
        return pattern(home(system) + "/");
    }

    /** The mount of the power-loss file system over {@link #data()}, in the background (it daemonizes). */
    public String mountPowerLossFs() {
        return command(PowerLossFs.mount(data()));
    }

    /** A command line of the power-loss file system ({@link PowerLossFs}), with the program copied here. */
    public String command(String[] powerLossFs) {
        String[] line = powerLossFs.clone();
        line[0] = powerfs();
        return shellLine(line);
    }

    /** {@code argv} as one line for {@code sh}. */
    public static String shellLine(String... argv) {
        return io.faultline.harness.cluster.NodeProcess.line(java.util.List.of(argv));
    }

    /**
     * The script (run as root) that leaves the host as it was: every process started from
     * here killed (paused ones too), the power-loss mount undone, the iptables chain unhooked
     * and deleted, the directory and the control socket removed. It prints what it found;
     * nothing when the host was clean.
     */
    public String cleanup() {
        // The script names the directory only as $r (without the trailing slash the pattern needs):
        // its own shell's command line must not match, or pkill would end the script.
        String all = io.faultline.harness.cluster.NodeProcess.quoted(pattern(root + "/"));
        return "r=" + io.faultline.harness.cluster.NodeProcess.quoted(root) + "; "
                + "n=$(pgrep -c -f " + all + "); if [ \"$n\" -gt 0 ]; then echo \"killed $n processes\"; "
                + "pkill -KILL -f " + all + "; i=0; while pgrep -f " + all + " >/dev/null && [ $i -lt 100 ]; do "
                + "sleep 0.1; i=$((i+1)); done; fi; "
                + "if grep -qs \" $r/data \" /proc/mounts; then umount -l \"$r/data\" && echo \"unmounted $r/data\"; fi; "
                + "if iptables -w -n -L " + Iptables.CHAIN + " >/dev/null 2>&1; then " + Iptables.uninstall()
                + " && echo 'removed the iptables chain " + Iptables.CHAIN + "'; fi; "
                + "if [ -e \"$r\" ]; then rm -rf \"$r\" && echo \"removed $r\"; fi; "
                + "rm -f " + PowerLossFs.SOCKET + "; ! pgrep -f " + all + " >/dev/null";
    }

    /** A regex matching {@code path} that does not match its own text (the first character in brackets). */
    private static String pattern(String path) {
        return "[" + path.charAt(0) + "]" + path.substring(1).replace(".", "\\.");
    }
}
