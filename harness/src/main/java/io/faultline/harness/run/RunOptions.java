package io.faultline.harness.run;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.faultline.checker.cli.Durations;
import io.faultline.harness.client.ClientBinding;
import io.faultline.harness.cluster.NodeProcess;
import io.faultline.harness.generator.KeyDistribution;
import io.faultline.harness.generator.OpMix;
import io.faultline.harness.nemesis.FaultPackage;
import io.faultline.harness.nemesis.FaultPackages;
import io.faultline.harness.nemesis.NemesisPlan;
import io.faultline.harness.ssh.HostAddress;
import io.faultline.harness.ssh.Hosts;
import io.faultline.harness.ssh.SshClients;
import io.faultline.harness.system.SystemKind;
import io.faultline.harness.systems.Systems;
import io.faultline.harness.workload.Workload;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Every option of a run, declared once ({@link RunOption}): {@code run} (and so {@code detect},
 * {@code rerun} and the JUnit API) offers all of them, {@code sim} those of {@link #SIM} with its
 * own defaults. config.json, the rerun line and {@code faultline rerun}'s reading of config.json
 * go through this list. The system's own options ({@code --system-opt}) are declared by each
 * system ({@code SystemOption}); they are recorded beside these.
 */
public final class RunOptions {
    private static final ObjectMapper JSON = new ObjectMapper();

    public static final RunOption<String> SYSTEM = RunOption.of("system", "NAME", Systems.DEFAULT,
            "The system under test: " + systemsHelp() + "; see docs/systems.md.",
            name -> Systems.kind(name).name()).spelledWhenChanged();

    public static final RunOption<Integer> NODES = RunOption.of("nodes", "N", "5",
            "Cluster size, 1 to 9; faults need 3 or more (odd sizes: 3, 5, 7 tolerate the most).",
            integer("--nodes", 1, 9));

    public static final RunOption<String> WORKLOAD = RunOption.of("workload", "NAME", Workload.KV,
            "kv (independent keys: get/put/cas/delete) or register (one key: read/write/cas).", RunOptions::workloadName);

    public static final RunOption<Integer> KEYS = RunOption.of("keys", "N", "10", "Keys of the kv workload.",
            integer("--keys", 1, Integer.MAX_VALUE));

    public static final RunOption<KeyDistribution> KEY_DISTRIBUTION = RunOption.of("key-distribution", "NAME",
            "uniform", "uniform or zipf (a few hot keys).", KeyDistribution::parse)
            .recordedAs(v -> v.get(RunOptions.KEY_DISTRIBUTION).name().toLowerCase(Locale.ROOT));

    public static final RunOption<OpMix> OP_MIX = RunOption.of("op-mix", "WEIGHTS", null,
            "Weights, e.g. read=45,write=30,cas=20,delete=5. Default: that for kv, read=50,write=30,cas=20 for register.",
            OpMix::parse).recordedAs(v -> (v.get(RunOptions.OP_MIX) != null ? v.get(RunOptions.OP_MIX)
                    : Workload.defaultMix(v.get(RunOptions.WORKLOAD))).toString());

    public static final RunOption<Integer> READ_AFTER_WRITE = RunOption.of("read-after-write", "SHARE", "0%",
            "Share of writes and cas a worker follows at once with a read of the same key, e.g. 50%: a write that is "
                    + "acknowledged and then lost shows in the very next read.",
            t -> Shares.percent("--read-after-write", t))
            .recordedAs(v -> v.get(RunOptions.READ_AFTER_WRITE) + "%").spelledWhenChanged();

    public static final RunOption<Integer> RECHECK_WRITES = RunOption.of("recheck-writes", "N", "0",
            "After an op gets no answer (unknown outcome, timeout, no leader), a worker first reads again the keys of "
                    + "its last N acknowledged writes: writes a crash lost show before new writes hide them. 0 = off.",
            integer("--recheck-writes", 0, Integer.MAX_VALUE)).spelledWhenChanged();

    public static final RunOption<Duration> TIME_LIMIT = RunOption.of("time-limit", "DURATION", "60s",
            "How long the workload runs (e.g. 30s, 2m).", duration("--time-limit"));

    public static final RunOption<Integer> CONCURRENCY = RunOption.of("concurrency", "N", "10", "Client workers.",
            integer("--concurrency", 1, 10_000));

    public static final RunOption<ClientBinding> BOUND_CLIENTS = RunOption.of("bound-clients", "SHARE", "none",
            "Share of the workers bound to one node, as Jepsen's clients are (a NOT_LEADER there is a definite fail; "
                    + "they stay with a cut-off or lagging node); the rest follow leader redirects. e.g. 50%, none, all.",
            ClientBinding::parse).recordedAs(v -> v.get(RunOptions.BOUND_CLIENTS).toString()).spelledWhenChanged();

    public static final RunOption<Double> RATE = RunOption.of("rate", "RATE", "200/s",
            "Target total rate, e.g. 200/s; 0 = unlimited.", Rates::parse).recordedAs(v -> Rates.format(v.get(RunOptions.RATE)));

    public static final RunOption<List<FaultPackage>> NEMESIS = RunOption.of("nemesis", "LIST", "kill,pause,partition",
            FaultPackages.help(), FaultPackages::parse)
            .recordedAs(v -> v.get(RunOptions.NEMESIS).stream().map(FaultPackage::name).toList());

    public static final RunOption<Duration> NEMESIS_INTERVAL = RunOption.of("nemesis-interval", "DURATION", "10s",
            "A fault starts every interval.", duration("--nemesis-interval"));

    public static final RunOption<Duration> FAULT_DURATION = RunOption.of("fault-duration", "DURATION", null,
            "How long each fault lasts; shorter than the interval. Default: half the interval.",
            duration("--fault-duration")).recordedAs(v -> Durations.format(faultDuration(v)));

    public static final RunOption<Duration> QUIET_TAIL = RunOption.of("quiet-tail", "DURATION", "0s",
            "After the time limit no new fault starts, the one under way runs to its end, and the workload goes on "
                    + "this long after it with no fault, so the clients read what the last fault did (a scripted fault "
                    + "can outlast the time limit on a loaded machine). 0s: the workload stops at the time limit.",
            duration("--quiet-tail")).spelledWhenChanged();

    public static final RunOption<Duration> OP_TIMEOUT = RunOption.of("op-timeout", "DURATION", "1500ms",
            "Per-operation client timeout.", duration("--op-timeout"));

    public static final RunOption<Duration> RECOVERY_TIMEOUT = RunOption.of("recovery-timeout", "DURATION", "30s",
            "How long to wait for the healed cluster to agree.", duration("--recovery-timeout"));

    public static final RunOption<Duration> CHECK_TIMEOUT = RunOption.of("check-timeout", "DURATION", "2m",
            "Time budget of the linearizability check.", duration("--check-timeout"));

    public static final RunOption<String> IMAGE = RunOption.of("image", "IMAGE", null,
            "Node image. Default: the system's own (" + String.join(", ", Systems.all().stream()
                    .map(k -> Systems.create(k.name(), Map.of()).layout().image()).toList()) + ").",
            Function.identity()).recordedAs(RunOptions::image).spelledWhenChanged();

    public static final RunOption<Long> SEED = RunOption.of("seed", "SEED", null,
            "Seed of every random choice (printed). Default: random.", RunOptions::seedValue);

    // Where the nodes run when not in Docker: hosts reached by SSH (docs/scale.md). config.json records the
    // hosts as one list, each spelled in full (name, user, port), whether they came from --hosts or a file.

    public static final RunOption<String> HOSTS = RunOption.of("hosts", "HOST,...", null,
            "Run on these hosts over SSH instead of Docker, one node on each, in order: [name=][user@]host[:port], "
                    + "comma-separated; the nodes call each other by name (docs/scale.md). Their number is --nodes. "
                    + "Default: Docker on this machine.", Function.identity())
            .recordedAs(v -> hosts(v).map(Hosts::spelled).orElse(null)).spelledWhenChanged();

    /** Read when given: its hosts, comma-separated, as --hosts takes them (so later uses do no I/O). */
    public static final RunOption<String> HOSTS_FILE = RunOption.of("hosts-file", "FILE", null,
            "As --hosts, one host a line (# starts a comment). Recorded as --hosts.", RunOptions::hostsFile)
            .recordedAs(v -> null).spelledWhenChanged();

    public static final RunOption<String> SSH_USER = RunOption.of("ssh-user", "USER", "root",
            "SSH user of the hosts without user@ (root, or one with password-less sudo). Recorded in --hosts.",
            Function.identity()).recordedAs(v -> null).spelledWhenChanged();

    public static final RunOption<Integer> SSH_PORT = RunOption.of("ssh-port", "PORT", "22",
            "SSH port of the hosts without :port. Recorded in --hosts.", integer("--ssh-port", 1, 65535))
            .recordedAs(v -> null).spelledWhenChanged();

    public static final RunOption<Path> SSH_KEY = RunOption.of("ssh-key", "FILE", null,
            "Private key to sign in with. Default: ~/.ssh/id_ed25519, else ~/.ssh/id_ecdsa, else ~/.ssh/id_rsa.",
            Path::of).recordedAs(v -> onHosts(v) ? sshKey(v).map(Path::toString).orElse(null) : null)
            .spelledWhenChanged();

    public static final RunOption<SshClients.HostKeys> SSH_HOST_KEYS = RunOption.of("ssh-host-keys", "known|any",
            "known", "Which host keys to trust: known (those in --ssh-known-hosts) or any (hosts made fresh for a test).",
            RunOptions::hostKeys)
            .recordedAs(v -> onHosts(v) ? v.get(RunOptions.SSH_HOST_KEYS).name().toLowerCase(Locale.ROOT) : null)
            .spelledWhenChanged();

    public static final RunOption<Path> SSH_KNOWN_HOSTS = RunOption.of("ssh-known-hosts", "FILE", null,
            "The trusted host keys. Default: ~/.ssh/known_hosts.", Path::of)
            .recordedAs(v -> hosts(v).map(Hosts::knownHosts).map(Path::toString).orElse(null)).spelledWhenChanged();

    /** The options that say which hosts and how to sign in ({@code run}, {@code cleanup-hosts}). */
    public static final List<RunOption<?>> SSH = List.of(HOSTS, HOSTS_FILE, SSH_USER, SSH_PORT, SSH_KEY,
            SSH_HOST_KEYS, SSH_KNOWN_HOSTS);

    /** Every run option, in the order of the help, config.json and the rerun line. */
    public static final List<RunOption<?>> ALL = List.of(SYSTEM, NODES, WORKLOAD, KEYS, KEY_DISTRIBUTION, OP_MIX,
            READ_AFTER_WRITE, RECHECK_WRITES, TIME_LIMIT, CONCURRENCY, BOUND_CLIENTS, RATE, NEMESIS, NEMESIS_INTERVAL,
            FAULT_DURATION, QUIET_TAIL, OP_TIMEOUT, RECOVERY_TIMEOUT, CHECK_TIMEOUT, IMAGE, SEED, HOSTS, HOSTS_FILE,
            SSH_USER, SSH_PORT, SSH_KEY, SSH_HOST_KEYS, SSH_KNOWN_HOSTS);

    /** The options {@code sim} shares with {@code run}: the cluster's size, the workload and the fault packages. */
    public static final List<RunOption<?>> SIM = List.of(NODES, WORKLOAD, KEYS, KEY_DISTRIBUTION, OP_MIX,
            READ_AFTER_WRITE, RECHECK_WRITES, TIME_LIMIT, CONCURRENCY, RATE, OP_TIMEOUT, NEMESIS, NEMESIS_INTERVAL,
            FAULT_DURATION);

    /** {@code sim}'s own defaults: a small cluster, fewer workers and no packages, so that many seeds a minute fit. */
    public static final Map<String, String> SIM_DEFAULTS = Map.of(NODES.name(), "3", TIME_LIMIT.name(), "30s",
            CONCURRENCY.name(), "8", NEMESIS.name(), "none");

    /** The system's options, a map in config.json and {@code --system-opt name=value} on the command line. */
    private static final String SYSTEM_OPTIONS = "system-options";

    private RunOptions() {}

    /** The workload the options ask for. */
    public static Workload workload(OptionValues v) {
        return Workload.of(v.get(WORKLOAD), v.get(KEYS), v.get(KEY_DISTRIBUTION), v.get(OP_MIX))
                .withReadAfterWrite(v.get(READ_AFTER_WRITE))
                .withRecheckWrites(v.get(RECHECK_WRITES));
    }

    /** The fault plan the options ask for ({@link NemesisPlan} refuses what cannot be scheduled). */
    public static NemesisPlan nemesisPlan(OptionValues v) {
        return new NemesisPlan(v.get(NEMESIS), v.get(NEMESIS_INTERVAL), faultDuration(v));
    }

    /** --fault-duration, by default half the interval. */
    private static Duration faultDuration(OptionValues v) {
        Duration given = v.get(FAULT_DURATION);
        return given != null ? given : v.get(NEMESIS_INTERVAL).dividedBy(2);
    }

    /**
     * The hosts the options name, when they name any ({@code --hosts} or {@code --hosts-file});
     * IllegalArgumentException with the option's words for bad input.
     */
    public static Optional<Hosts> hosts(OptionValues v) {
        if (v.get(HOSTS) != null && v.get(HOSTS_FILE) != null) {
            throw new IllegalArgumentException("--hosts and --hosts-file: give one");
        }
        String list = v.get(HOSTS) != null ? v.get(HOSTS) : v.get(HOSTS_FILE);
        if (list == null) return Optional.empty();
        List<HostAddress> addresses = HostAddress.parseList(list, v.get(SSH_USER), v.get(SSH_PORT));
        Path key = sshKey(v).orElseThrow(() -> new IllegalArgumentException(
                "no --ssh-key, and no ~/.ssh/id_ed25519, id_ecdsa or id_rsa"));
        if (!Files.isReadable(key)) throw new IllegalArgumentException("--ssh-key " + key + ": no such readable file");
        SshClients.HostKeys trust = v.get(SSH_HOST_KEYS);
        Path known = v.get(SSH_KNOWN_HOSTS);
        if (trust == SshClients.HostKeys.KNOWN && known == null) known = sshHome().resolve("known_hosts");
        return Optional.of(new Hosts(addresses, key, trust, known));
    }

    private static String hostsFile(String path) {
        try {
            return Files.readAllLines(Path.of(path)).stream().map(l -> l.replaceFirst("#.*", "").trim())
                    .filter(l -> !l.isEmpty()).collect(Collectors.joining(","));
        } catch (IOException e) {
            throw new IllegalArgumentException("--hosts-file " + path + ": " + e.getMessage());
        }
    }

    private static boolean onHosts(OptionValues v) {
        return v.get(HOSTS) != null || v.get(HOSTS_FILE) != null;
    }

    /** --ssh-key, else the first of the usual keys that can be read. */
    private static Optional<Path> sshKey(OptionValues v) {
        if (v.get(SSH_KEY) != null) return Optional.of(v.get(SSH_KEY));
        return Stream.of("id_ed25519", "id_ecdsa", "id_rsa").map(sshHome()::resolve).filter(Files::isReadable).findFirst();
    }

    private static Path sshHome() {
        return Path.of(System.getProperty("user.home"), ".ssh");
    }

    private static SshClients.HostKeys hostKeys(String text) {
        try {
            return SshClients.HostKeys.valueOf(text.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("--ssh-host-keys " + text + ": known or any");
        }
    }

    /** {@code v} with the options that ask for {@code w}. */
    public static OptionValues withWorkload(OptionValues v, Workload w) {
        return v.with(WORKLOAD, w.name()).with(KEYS, w.keys()).with(KEY_DISTRIBUTION, w.distribution())
                .with(OP_MIX, w.mix()).with(READ_AFTER_WRITE, w.readAfterWritePercent())
                .with(RECHECK_WRITES, w.recheckWrites());
    }

    /** {@code v} with the options that ask for {@code plan}. */
    public static OptionValues withNemesisPlan(OptionValues v, NemesisPlan plan) {
        return v.with(NEMESIS, plan.packages()).with(NEMESIS_INTERVAL, plan.interval())
                .with(FAULT_DURATION, plan.duration());
    }

    /** What config.json holds of {@code options}: name to recorded value, in their order. */
    public static Map<String, Object> recorded(OptionValues values, List<RunOption<?>> options) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (RunOption<?> o : options) {
            Object value = o.recordedValue(values);
            if (value != null) m.put(o.name(), value);
        }
        return m;
    }

    /** config.json: every option, the profile it started from, the model, the versions and the rerun line. */
    static Map<String, Object> toJson(RunConfig c, String faultlineVersion) {
        Map<String, Object> m = recorded(c.options(), ALL);
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
        StringBuilder b = new StringBuilder("./faultline run").append(spelled(c.options(), ALL));
        c.cluster().system().options().changed().forEach((name, value) ->
                b.append(" --system-opt ").append(NodeProcess.quoted(name + "=" + value)));
        return b.toString();
    }

    /**
     * {@code options} as command-line words, each with a leading space: those spelled always, and
     * the others when not at their default (the {@code sim} options of a replay line, say).
     */
    public static String spelled(OptionValues values, List<RunOption<?>> options) {
        StringBuilder b = new StringBuilder();
        for (RunOption<?> o : options) {
            if (o.spelling() == RunOption.Spelling.WHEN_CHANGED && values.atDefault(o)) continue;
            if (o.recordedValue(values) == null) continue;
            b.append(' ').append(o.flag()).append(' ').append(shellWord(text(values, o)));
        }
        return b.toString();
    }

    /** Every one of {@code options} by name, with its value's text as the command line takes it. */
    public static Map<String, String> texts(OptionValues values, List<RunOption<?>> options) {
        Map<String, String> m = new LinkedHashMap<>();
        for (RunOption<?> o : options) {
            if (o.recordedValue(values) != null) m.put(o.name(), text(values, o));
        }
        return m;
    }

    /** {@code value} of {@code option} as the command line takes it (the JUnit API gives typed values). */
    public static <T> String valueText(RunOption<T> option, T value) {
        if (value instanceof String s) return s;
        Object recorded = option.recordedValue(OptionValues.defaults(ALL).with(option, value));
        return recorded != null ? text(JSON.valueToTree(recorded)) : String.valueOf(value);
    }

    /** {@code option}'s value among {@code values}, as the command line takes it. */
    public static String text(OptionValues values, RunOption<?> option) {
        return text(JSON.valueToTree(option.recordedValue(values)));
    }

    /**
     * The {@code faultline run} arguments that repeat the run recorded in {@code config} (read from
     * {@code file}); IllegalArgumentException naming what is missing.
     */
    public static List<String> runArguments(JsonNode config, Path file) {
        List<String> args = new ArrayList<>();
        for (RunOption<?> o : ALL) {
            JsonNode v = config.get(o.name());
            if (v == null || v.isNull() || v.isObject()) {
                if (o.spelling() == RunOption.Spelling.ALWAYS) {
                    throw new IllegalArgumentException(file + ": '" + o.name() + "' is missing");
                }
                continue;
            }
            args.addAll(List.of(o.flag(), text(v)));
        }
        JsonNode options = config.get(SYSTEM_OPTIONS);
        if (options != null && options.isObject()) {
            options.fields().forEachRemaining(e -> args.add("--system-opt=" + e.getKey() + "=" + e.getValue().asText()));
        } else {
            legacyNodeOptions(config, args);
        }
        return args;
    }

    /** A recorded value as the command line takes it: a list comma-separated ("none" when empty). */
    private static String text(JsonNode v) {
        if (v.isArray()) {
            List<String> items = new ArrayList<>();
            v.forEach(n -> items.add(n.asText()));
            return items.isEmpty() ? "none" : String.join(",", items);
        }
        if (v.isNumber() && v.asDouble() == Math.rint(v.asDouble())) return Long.toString(v.asLong());
        return v.asText();
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

    /** The image the run starts: the one given, else the system's own. */
    private static String image(OptionValues v) {
        String given = v.get(IMAGE);
        return given != null ? given : Systems.create(v.get(SYSTEM), Map.of()).layout().image();
    }

    private static String systemsHelp() {
        StringBuilder b = new StringBuilder();
        for (SystemKind k : Systems.all()) {
            b.append(b.length() == 0 ? "" : "; ").append(k.name()).append(" (").append(k.description()).append(')');
        }
        return b.toString();
    }

    private static String workloadName(String name) {
        if (!Workload.KV.equals(name) && !Workload.REGISTER.equals(name)) {
            throw new IllegalArgumentException("unknown workload '" + name + "' (expected kv or register)");
        }
        return name;
    }

    private static Function<String, Integer> integer(String option, int min, int max) {
        return text -> {
            int n;
            try {
                n = Integer.parseInt(text);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException(option + ": '" + text + "' is not a whole number");
            }
            if (n < min || n > max) {
                throw new IllegalArgumentException(option + " must be " + (max == Integer.MAX_VALUE
                        ? "at least " + min : "between " + min + " and " + max) + ", got " + n);
            }
            return n;
        };
    }

    private static Function<String, Duration> duration(String option) {
        return text -> {
            Duration d = Durations.parse(text);
            if (d.isNegative()) throw new IllegalArgumentException(option + " must not be negative");
            return d;
        };
    }

    private static Long seedValue(String text) {
        try {
            return Long.parseLong(text);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("--seed: '" + text + "' is not a whole number");
        }
    }
}
