package io.faultline.harness.cli;

import io.faultline.harness.cluster.NodeProcess;
import io.faultline.harness.run.RunOption;
import io.faultline.harness.run.RunOptions;
import io.faultline.harness.system.faultline.FaultlineSystem;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A named set of run options ({@code --profile NAME}) that options given on the command line
 * override. Listed in {@code run --help}; the name is recorded in config.json, and the rerun
 * line spells every option out.
 *
 * @param options       run option name ({@link RunOptions}) to text, in the order the help shows them
 * @param systemOptions the system's options it sets ({@code --system-opt}), under the user's
 */
record Profile(String name, String description, Map<String, String> options, Map<String, String> systemOptions) {
    /** The nightly chaos profile of the README and docs/harness.md (the detection matrix measured it). */
    static final Profile NIGHTLY = new Profile("nightly",
            "kill-all and figure-8 on 3 nodes for 60 s, 30 clients (half bound to a node) on 100 Zipf keys, "
                    + "writes read back and rechecked, a 10 s quiet tail",
            ordered(RunOptions.NODES, "3", RunOptions.TIME_LIMIT, "60s", RunOptions.NEMESIS, "kill-all,figure-8",
                    RunOptions.NEMESIS_INTERVAL, "8s", RunOptions.QUIET_TAIL, "10s", RunOptions.CONCURRENCY, "30",
                    RunOptions.BOUND_CLIENTS, "50%", RunOptions.KEYS, "100", RunOptions.KEY_DISTRIBUTION, "zipf",
                    RunOptions.READ_AFTER_WRITE, "50%", RunOptions.RECHECK_WRITES, "3", RunOptions.OP_TIMEOUT, "30s"),
            Map.of(FaultlineSystem.NODE_FLAGS, "--request-timeout-ms 30000"));

    /**
     * Power loss of the whole cluster every 10 s (docs/harness.md, *What each nemesis is good
     * for*: what catches writes acknowledged before they were synced, on any system).
     */
    static final Profile POWER_LOSS = new Profile("power-loss",
            "power loss of every node every 10 s on 3 nodes for 30 s, 20 clients on 20 keys, writes read back "
                    + "and rechecked",
            ordered(RunOptions.NODES, "3", RunOptions.TIME_LIMIT, "30s", RunOptions.NEMESIS, "power-loss",
                    RunOptions.NEMESIS_INTERVAL, "10s", RunOptions.CONCURRENCY, "20", RunOptions.KEYS, "20",
                    RunOptions.READ_AFTER_WRITE, "50%", RunOptions.RECHECK_WRITES, "3"),
            Map.of());

    static final List<Profile> ALL = List.of(NIGHTLY, POWER_LOSS);

    static Profile byName(String name) {
        for (Profile p : ALL) {
            if (p.name.equals(name)) return p;
        }
        throw new IllegalArgumentException("unknown profile '" + name + "' (known: "
                + String.join(", ", ALL.stream().map(Profile::name).toList()) + ")");
    }

    /** For the option's help: each profile with what it sets. */
    static String help() {
        StringBuilder b = new StringBuilder("A named set of options; options given beside it win:");
        for (Profile p : ALL) {
            b.append("\n  ").append(p.name).append(" - ").append(p.description).append(':');
            p.options.forEach((o, v) -> b.append(" --").append(o).append(' ').append(v));
            p.systemOptions.forEach((o, v) -> b.append(" --system-opt ").append(NodeProcess.quoted(o + "=" + v)));
        }
        return b.toString();
    }

    private static Map<String, String> ordered(Object... pairs) {
        Map<String, String> m = new LinkedHashMap<>();
        for (int i = 0; i < pairs.length; i += 2) m.put(((RunOption<?>) pairs[i]).name(), (String) pairs[i + 1]);
        return java.util.Collections.unmodifiableMap(m);
    }
}
