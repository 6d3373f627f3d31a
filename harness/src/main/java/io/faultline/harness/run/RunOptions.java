package io.faultline.harness.run;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.faultline.checker.cli.Durations;
import io.faultline.harness.cluster.NodeProcess;
import io.faultline.harness.nemesis.FaultPackage;
import io.faultline.harness.systems.Systems;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * Every option of a run in one table: its name (a {@code faultline run} option and a config.json
 * key alike), its value in a {@link RunConfig}, and whether the rerun line spells it. config.json,
 * the rerun line and {@code faultline rerun}'s reading of config.json all come from this table,
 * so a new run option is one row here besides its picocli declaration and its use.
 */
public final class RunOptions {
    private static final ObjectMapper JSON = new ObjectMapper();

    /**
     * @param spelled  whether the rerun line spells it (an option at its default is left out)
     * @param required whether a config.json without it is refused (an option newer than some
     *                 recorded runs is not required: those runs repeat with its default)
     */
    private record Row(String name, Function<RunConfig, Object> value, Predicate<RunConfig> spelled,
                       boolean required) {}

    private static final Predicate<RunConfig> ALWAYS = c -> true;

    private static final List<Row> ROWS = List.of(
            new Row("system", c -> c.cluster().system().name(),
                    c -> !Systems.DEFAULT.equals(c.cluster().system().name()), false),
            new Row("nodes", c -> c.cluster().nodes(), ALWAYS, true),
            new Row("workload", c -> c.workload().name(), ALWAYS, true),
            new Row("keys", c -> c.workload().keys(), ALWAYS, true),
            new Row("key-distribution", c -> c.workload().distribution().name().toLowerCase(Locale.ROOT), ALWAYS, true),
            new Row("op-mix", c -> c.workload().mix().toString(), ALWAYS, true),
            new Row("read-after-write", c -> c.workload().readAfterWritePercent() + "%",
                    c -> c.workload().readAfterWritePercent() > 0, false),
            new Row("recheck-writes", c -> c.workload().recheckWrites(), c -> c.workload().recheckWrites() > 0, false),
            new Row("time-limit", c -> Durations.format(c.timeLimit()), ALWAYS, true),
            new Row("concurrency", RunConfig::concurrency, ALWAYS, true),
            new Row("bound-clients", c -> c.clients().toString(), c -> c.clients().boundPercent() > 0, false),
            new Row("rate", RunConfig::rate, ALWAYS, true),
            new Row("nemesis", c -> c.nemesis().stream().map(FaultPackage::name).toList(), ALWAYS, true),
            new Row("nemesis-interval", c -> Durations.format(c.nemesisInterval()), ALWAYS, true),
            new Row("fault-duration", c -> Durations.format(c.faultDuration()), ALWAYS, true),
            new Row("quiet-tail", c -> Durations.format(c.quietTail()), c -> !c.quietTail().isZero(), false),
            new Row("op-timeout", c -> Durations.format(c.opTimeout()), ALWAYS, true),
            new Row("recovery-timeout", c -> Durations.format(c.recoveryTimeout()), ALWAYS, true),
            new Row("check-timeout", c -> Durations.format(c.checkTimeout()), ALWAYS, true),
            new Row("image", c -> c.cluster().image(),
                    c -> !c.cluster().system().layout().image().equals(c.cluster().image()), true),
            new Row("seed", RunConfig::seed, ALWAYS, true),
            new Row("hosts", c -> c.hosts() == null ? null : c.hosts().spelled(), c -> c.hosts() != null, false),
            new Row("ssh-key", c -> c.hosts() == null ? null : c.hosts().key().toString(), c -> c.hosts() != null, false),
            new Row("ssh-host-keys", c -> c.hosts() == null ? null : c.hosts().hostKeys().name().toLowerCase(Locale.ROOT),
                    c -> c.hosts() != null, false),
            new Row("ssh-known-hosts", c -> c.hosts() == null || c.hosts().knownHosts() == null ? null
                    : c.hosts().knownHosts().toString(), c -> c.hosts() != null && c.hosts().knownHosts() != null, false));

    /** The system's options, a map in config.json and {@code --system-opt name=value} on the command line. */
    private static final String SYSTEM_OPTIONS = "system-options";

    private RunOptions() {}

    /** config.json: every option, the profile it started from, the model, the versions and the rerun line. */
    static Map<String, Object> toJson(RunConfig c, String faultlineVersion) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (Row row : ROWS) {
            Object value = row.value().apply(c);
            if (value != null) m.put(row.name(), value);
        }
        if (c.profile() != null) m.put("profile", c.profile());
        m.put(SYSTEM_OPTIONS, c.cluster().system().options().values());
        m.put("model", c.workload().model());
        Map<String, Object> versions = new LinkedHashMap<>();
        versions.put("faultline", faultlineVersion);
        versions.put("java", System.getProperty("java.version"));
        versions.put("os", System.getProperty("os.name") + " " + System.getProperty("os.arch"));
        m.put("versions", versions);
        m.put("rerun", rerunCommand(c));
        return m;
    }

    /** The command line that repeats the run: every option not at its default, the system's changed options last. */
    static String rerunCommand(RunConfig c) {
        StringBuilder b = new StringBuilder("./faultline run");
        for (Row row : ROWS) {
            if (!row.spelled().test(c)) continue;
            b.append(" --").append(row.name()).append(' ').append(shellWord(text(row.name(), JSON.valueToTree(row.value().apply(c)))));
        }
        c.cluster().system().options().changed().forEach((name, value) ->
                b.append(" --system-opt ").append(NodeProcess.quoted(name + "=" + value)));
        return b.toString();
    }

    /**
     * The {@code faultline run} arguments that repeat the run recorded in {@code config} (read from
     * {@code file}); IllegalArgumentException naming what is missing.
     */
    public static List<String> runArguments(JsonNode config, Path file) {
        List<String> args = new ArrayList<>();
        for (Row row : ROWS) {
            JsonNode v = config.get(row.name());
            if (v == null || v.isNull() || v.isObject()) {
                if (row.required()) throw new IllegalArgumentException(file + ": '" + row.name() + "' is missing");
                continue;
            }
            args.addAll(List.of("--" + row.name(), text(row.name(), v)));
        }
        JsonNode options = config.get(SYSTEM_OPTIONS);
        if (options != null && options.isObject()) {
            options.fields().forEachRemaining(e -> args.add("--system-opt=" + e.getKey() + "=" + e.getValue().asText()));
        } else {
            legacyNodeOptions(config, args);
        }
        return args;
    }

    /** An option's value as the command line takes it: a list comma-separated ("none" when empty), a rate per second. */
    private static String text(String name, JsonNode v) {
        String text;
        if (v.isArray()) {
            List<String> items = new ArrayList<>();
            v.forEach(n -> items.add(n.asText()));
            text = items.isEmpty() ? "none" : String.join(",", items);
        } else if (v.isNumber() && v.asDouble() == Math.rint(v.asDouble())) {
            text = Long.toString(v.asLong());
        } else {
            text = v.asText();
        }
        return "rate".equals(name) ? text + "/s" : text;
    }

    /** {@code s} as one word of a command line a user copies: as it is when the shell leaves it so, else quoted. */
    public static String shellWord(String s) {
        return s.matches("[A-Za-z0-9=,.:/%_+@-]+") ? s : NodeProcess.quoted(s);
    }

    /** A run directory from before --system: the node's flags and Raft timing were top-level keys. */
    private static void legacyNodeOptions(JsonNode config, List<String> args) {
        JsonNode flags = config.get("node-flags");
        if (flags != null && !flags.asText().isEmpty()) args.add("--node-flags=" + flags.asText());
        for (String key : List.of("tick-ms", "election-ticks", "heartbeat-ticks")) {
            JsonNode v = config.get(key);
            if (v != null && !v.isNull()) args.add("--system-opt=" + key + "=" + v.asText());
        }
    }
}
