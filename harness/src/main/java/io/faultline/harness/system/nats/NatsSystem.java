package io.faultline.harness.system.nats;

import io.faultline.harness.system.Capability;
import io.faultline.harness.system.Membership;
import io.faultline.harness.system.NodeLayout;
import io.faultline.harness.system.NodeLogFormat;
import io.faultline.harness.system.SystemKind;
import io.faultline.harness.system.SystemOption;
import io.faultline.harness.system.SystemOptions;
import io.faultline.harness.system.SystemSession;
import io.faultline.harness.system.SystemUnderTest;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * NATS JetStream's key-value store (Debian's nats-server 2.9, image faultline-nats:2.9 from
 * docker/build-nats-image.sh): a static cluster with JetStream on every member, file storage on
 * the member's volume, and one KV bucket the session creates once the cluster has a metadata
 * leader. It has no crash points, so the scripted nemeses are refused.
 */
public record NatsSystem(SystemOptions options) implements SystemUnderTest {
    public static final String NAME = "nats";
    public static final String IMAGE = "faultline-nats:2.9";
    public static final int CLIENT_PORT = 4222;
    public static final int ROUTE_PORT = 6222;
    public static final int MONITOR_PORT = 8222;
    /** JetStream's store directory on the member's volume; the file store lives under {@code jetstream/} in it. */
    public static final String STORE_DIR = NodeLayout.DATA_VOLUME + "/nats";
    static final String CONFIG_FILE = "/etc/nats/nats.conf";

    public static final String REPLICAS = "replicas";
    public static final String HISTORY = "history";
    public static final String STORAGE = "storage";
    public static final String DIRECT_GET = "direct-get";
    public static final String DEBUG_LOG = "debug-log";
    public static final String CONFIG = "config";
    public static final String ALL_MEMBERS = "all";

    private static final List<SystemOption> OPTIONS = List.of(
            SystemOption.text(REPLICAS, ALL_MEMBERS, "the bucket's replicas: 'all' (the cluster size) or a number,"
                    + " at most the cluster size and 5"),
            SystemOption.positiveInt(HISTORY, 1, "values kept per key (the bucket's history, at most 64)"),
            SystemOption.text(STORAGE, "file", "the bucket's storage: file (on the member's volume) or memory"),
            SystemOption.bool(DIRECT_GET, false, "gets answered by any replica (the stream's allow_direct, what"
                    + " jnats and the nats CLI set on a new bucket), which may lag; false: by the stream leader"),
            SystemOption.bool(DEBUG_LOG, true, "nats-server's debug log: its Raft role changes draw the report's"
                    + " node lanes; false: the default notice level"),
            SystemOption.text(CONFIG, "", "extra nats-server configuration lines for every member, verbatim"
                    + " (separate settings with ';' or newlines)"));

    public static final SystemKind KIND = new SystemKind(NAME,
            "NATS JetStream key-value store, nats-server 2.9 from Debian's nats-server (" + IMAGE + ")",
            OPTIONS, NatsSystem::new);

    /** The first words of the shell that writes a member's configuration and then execs nats-server. */
    static final String LAUNCHER = ": nats-server launcher;";

    // Anchored: matches nats-server's own command line and the launcher shell that becomes it (so a
    // member is running from its first instant), but neither the shell that starts the launcher nor pkill.
    private static final NodeLayout LAYOUT = new NodeLayout(IMAGE, CLIENT_PORT, ROUTE_PORT, STORE_DIR,
            NodeLayout.DEFAULT_LOG_FILE, "^(/usr/sbin/nats-server |sh -c " + LAUNCHER + ")");

    private static final NatsLogFormat LOG = new NatsLogFormat();

    /**
     * JetStream's message blocks: the KV stream's messages and the Raft groups' logs (the meta
     * group's and the stream's), the files Jepsen's NATS 2.12.1 analysis damaged; the
     * indexes, checksums and metadata beside them are rebuilt or rewritten from these.
     */
    private static final java.util.regex.Pattern DATA = java.util.regex.Pattern.compile("/msgs/\\d+\\.blk$");

    public NatsSystem {
        // A bad storage, history or replicas is refused before any Docker work.
        NatsBucket.of(1, options.integer(HISTORY), options.text(STORAGE), options.bool(DIRECT_GET));
        replicasOption(options.text(REPLICAS));
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public NodeLayout layout() {
        return LAYOUT;
    }

    @Override
    public String imageScript() {
        return "docker/build-nats-image.sh";
    }

    @Override
    public java.util.regex.Pattern dataFiles() {
        return DATA;
    }

    /**
     * Writes the member's configuration and execs nats-server with it. The same command restarts
     * a member: JetStream finds its store and its Raft state under the store directory.
     */
    @Override
    public List<String> command(int node, Membership members) {
        return launch(NatsConfig.of(node, 0, members, STORE_DIR, options.bool(DEBUG_LOG), options.text(CONFIG)),
                "/usr/sbin/nats-server", CONFIG_FILE);
    }

    /**
     * A fresh server in {@code node}'s place: the same configuration under a new server name
     * ({@link NatsConfig#serverName}); it joins JetStream's metadata group by its routes to the
     * places of the initial cluster, and the stream's missing replica is placed on it by NATS.
     */
    @Override
    public List<String> joinCommand(int node, int generation, Membership initial, List<Integer> members) {
        return launch(NatsConfig.of(node, generation, initial, STORE_DIR, options.bool(DEBUG_LOG), options.text(CONFIG)),
                "/usr/sbin/nats-server", CONFIG_FILE);
    }

    /** The server of the image's own package (docker/host-binary.sh extracts it). */
    @Override
    public io.faultline.harness.system.HostRecipe hostRecipe() {
        return io.faultline.harness.system.HostRecipe.debianServer(NAME, "nats-server");
    }

    /** Each member named and routed to by its host's name; its configuration beside the server. */
    @Override
    public List<String> hostCommand(int node, Membership members, String home, String data) {
        return launch(NatsConfig.of(node, 0, members, data + "/nats", options.bool(DEBUG_LOG), options.text(CONFIG)),
                home + "/nats-server", home + "/nats.conf");
    }

    /** Writes the member's configuration, then runs the server on it (the same line restarts it). */
    private static List<String> launch(NatsConfig nats, String server, String configFile) {
        String config = nats.text();
        // The configuration is the shell's $0, so no quoting of it is needed.
        return List.of("sh", "-c", LAUNCHER + " mkdir -p \"$(dirname " + configFile + ")\" && printf '%s\\n' \"$0\" >"
                + configFile + " && exec " + server + " -c " + configFile, config);
    }

    @Override
    public SystemSession connect(Map<Integer, String> clientAddresses) {
        return new NatsSession(clientAddresses, bucket(options, clientAddresses.size()));
    }

    /** The bucket for a cluster of {@code members}. */
    static NatsBucket bucket(SystemOptions options, int members) {
        int replicas = replicasOption(options.text(REPLICAS)).orElse(members);
        if (replicas > members) {
            throw new IllegalArgumentException("nats option " + REPLICAS + "=" + replicas + " is more than the "
                    + members + " members");
        }
        return NatsBucket.of(replicas, options.integer(HISTORY), options.text(STORAGE), options.bool(DIRECT_GET));
    }

    private static java.util.OptionalInt replicasOption(String text) {
        if (text.equals(ALL_MEMBERS)) return java.util.OptionalInt.empty();
        try {
            int r = Integer.parseInt(text);
            if (r >= 1 && r <= NatsBucket.MAX_REPLICAS) return java.util.OptionalInt.of(r);
        } catch (NumberFormatException ignored) {
            // refused below
        }
        throw new IllegalArgumentException("nats option " + REPLICAS + " must be '" + ALL_MEMBERS + "' or 1.."
                + NatsBucket.MAX_REPLICAS + ", got '" + text + "'");
    }

    @Override
    public Set<Capability> capabilities() {
        return Set.of(Capability.MEMBERSHIP, Capability.POWER_LOSS_FS);
    }

    @Override
    public NodeLogFormat logFormat() {
        return LOG;
    }

    /** nats-server logs {@code [42] 2026/12/06 10:10:54.949163 [INF] Server is ready} (UTC). */
    @Override
    public Optional<Instant> servingAt(String logLine) {
        return LOG.parse(logLine).filter(l -> l.text().equals(NatsLogFormat.READY)).map(NodeLogFormat.Line::at);
    }
}
