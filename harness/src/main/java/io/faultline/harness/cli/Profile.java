package io.faultline.harness.cli;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

/**
 * A named set of run options ({@code --profile NAME}) that options given on the command line
 * override. Listed in {@code run --help}; the name is recorded in config.json, and the rerun
 * line spells every option out.
 *
 * @param options option name to value, in the order the help shows them
 */
record Profile(String name, String description, Map<String, String> options) {
    /** The nightly chaos profile of the README and docs/harness.md (the detection matrix measured it). */
    static final Profile NIGHTLY = new Profile("nightly",
            "kill-all and figure-8 on 3 nodes for 60 s, 30 clients (half bound to a node) on 100 Zipf keys, "
                    + "writes read back and rechecked, a 10 s quiet tail",
            ordered("--nodes", "3", "--time-limit", "60s", "--nemesis", "kill-all,figure-8",
                    "--nemesis-interval", "8s", "--quiet-tail", "10s", "--concurrency", "30",
                    "--bound-clients", "50%", "--keys", "100", "--key-distribution", "zipf",
                    "--read-after-write", "50%", "--recheck-writes", "3", "--op-timeout", "30s",
                    "--node-flags", "--request-timeout-ms 30000"));

    /**
     * Power loss of the whole cluster every 10 s (docs/harness.md, *What each nemesis is good
     * for*: what catches writes acknowledged before they were synced, on any system).
     */
    static final Profile POWER_LOSS = new Profile("power-loss",
            "power loss of every node every 10 s on 3 nodes for 30 s, 20 clients on 20 keys, writes read back "
                    + "and rechecked",
            ordered("--nodes", "3", "--time-limit", "30s", "--nemesis", "power-loss", "--nemesis-interval", "10s",
                    "--concurrency", "20", "--keys", "20", "--read-after-write", "50%", "--recheck-writes", "3"));

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
            p.options.forEach((o, v) -> b.append(' ').append(o).append(' ').append(v.contains(" ") ? "'" + v + "'" : v));
        }
        return b.toString();
    }

    /**
     * Sets the profile's options that the user did not give on {@code command}, which picocli has
     * filled in from the command line ({@code spec} is its spec), by parsing again: the profile's
     * options, then the user's. Picocli resets an option that has a default to it on a new parse,
     * so the user's are given again; a flag is not (it starts from the value its field holds, and
     * given again it would flip).
     */
    void applyTo(Object command, CommandSpec spec) {
        CommandLine.ParseResult given = spec.commandLine().getParseResult();
        List<String> args = new ArrayList<>();
        options.forEach((option, value) -> {
            if (!given.hasMatchedOption(option)) args.add(option + "=" + value);
        });
        for (OptionSpec o : given.matchedOptions()) {
            if (o.arity().max() == 0) continue;
            for (String v : o.originalStringValues()) args.add(o.longestName() + "=" + v);
        }
        new CommandLine(command).parseArgs(args.toArray(String[]::new));
    }

    private static Map<String, String> ordered(String... pairs) {
        Map<String, String> m = new LinkedHashMap<>();
        for (int i = 0; i < pairs.length; i += 2) m.put(pairs[i], pairs[i + 1]);
        return java.util.Collections.unmodifiableMap(m);
    }
}
