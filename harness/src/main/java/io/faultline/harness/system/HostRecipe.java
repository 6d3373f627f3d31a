package io.faultline.harness.system;

import java.util.List;
import java.util.Map;

/**
 * What a system's node needs on a host reached by SSH: the files the SSH environment copies
 * there (made on this machine by {@code script} first, when there is one) and what each host
 * must have. The node's command line there is {@link SystemUnderTest#hostCommand}.
 *
 * @param script a script of the Faultline checkout that makes the files (idempotent, cheap when they exist), or null;
 *               it is given the system's name
 * @param files  each file's path under the system's directory on the host → its path in the checkout (a
 *               directory is copied file by file)
 * @param needs  checks each host must pass, run as root, besides the harness's own
 */
public record HostRecipe(String script, Map<String, String> files, List<Need> needs) {
    /** One thing a host must have: {@code command} (run as root) succeeds, else {@code problem}. */
    public record Need(String problem, String command) {}

    /** A JRE of 17 or later on PATH. */
    public static final Need JAVA_17 = new Need("no Java 17 or later on PATH (the Faultline node needs a JRE 17+)",
            "v=$(java -version 2>&1 | sed -n 's/.*version \"\\([0-9]*\\).*/\\1/p' | head -n1); [ -n \"$v\" ] && [ \"$v\" -ge 17 ]");

    /**
     * The server of the system's image, extracted from the same Debian package by
     * {@code docker/host-binary.sh} into {@code docker/<system>/target/<binary>}.
     */
    public static HostRecipe debianServer(String system, String binary) {
        return new HostRecipe("docker/host-binary.sh", Map.of(binary, "docker/" + system + "/target/" + binary), List.of());
    }

    public HostRecipe {
        files = Map.copyOf(files);
        needs = List.copyOf(needs);
    }
}
