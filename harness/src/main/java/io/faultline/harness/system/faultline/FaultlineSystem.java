package io.faultline.harness.system.faultline;

import io.faultline.harness.system.FailoverClient;
import io.faultline.harness.system.Membership;
import io.faultline.harness.system.NodeLayout;
import io.faultline.harness.system.SystemClient;
import io.faultline.harness.system.SystemKind;
import io.faultline.harness.system.SystemOption;
import io.faultline.harness.system.SystemOptions;
import io.faultline.harness.system.SystemSession;
import io.faultline.harness.system.SystemUnderTest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/** Faultline's own KV node (node/, image faultline-node:dev): kv.proto for clients, Admin for status and crash points. */
public record FaultlineSystem(SystemOptions options) implements SystemUnderTest {
    public static final String NAME = "faultline";
    /** The node image; {@code FAULTLINE_NODE_IMAGE} overrides it, as it does for docker/build-image.sh. */
    public static final String IMAGE = NodeLayout.imageFromEnv("FAULTLINE_NODE_IMAGE", "faultline-node:dev");
    public static final int CLIENT_PORT = 7000;
    public static final int PEER_PORT = 7001;
    public static final String NODE_FLAGS = "node-flags";

    private static final List<SystemOption> OPTIONS = List.of(
            SystemOption.text(NODE_FLAGS, "", "extra flags passed verbatim to every node, e.g. its --unsafe-* bugs"),
            SystemOption.positiveInt("tick-ms", 50, "Raft tick"),
            SystemOption.positiveInt("election-ticks", 10, "election timeout in ticks"),
            SystemOption.positiveInt("heartbeat-ticks", 2, "heartbeat interval in ticks"));

    public static final SystemKind KIND = new SystemKind(NAME,
            "Faultline's own Raft KV node (" + IMAGE + ")",
            OPTIONS, FaultlineSystem::new);

    /** Regex for pkill that matches the node's JVM but never a shell that mentions it. */
    private static final NodeLayout LAYOUT = new NodeLayout(IMAGE, CLIENT_PORT, PEER_PORT, NodeLayout.DATA_VOLUME,
            NodeLayout.DEFAULT_LOG_FILE, "[i]o.faultline.node.NodeMain");

    private static final java.util.regex.Pattern DATA =
            java.util.regex.Pattern.compile("(^|/)(\\d+\\.(sst|log)|MANIFEST-\\d+)$");

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
        return "docker/build-image.sh";
    }

    /** RocksDB's tables, write-ahead logs and manifests; not its info log, lock, CURRENT or OPTIONS files. */
    @Override
    public java.util.regex.Pattern dataFiles() {
        return DATA;
    }

    @Override
    public List<String> command(int id, Membership members) {
        List<String> args = new ArrayList<>(List.of("/opt/faultline/bin/faultline-node"));
        args.addAll(nodeArguments(id, members, LAYOUT.dataDir()));
        return args;
    }

    /** The node's jar and its libraries from the build (node/target), and a JRE 17 on each host. */
    @Override
    public io.faultline.harness.system.HostRecipe hostRecipe() {
        return new io.faultline.harness.system.HostRecipe(null,
                Map.of("faultline-node.jar", "node/target/faultline-node-0.1.0-SNAPSHOT.jar", "lib", "node/target/lib"),
                List.of(io.faultline.harness.system.HostRecipe.JAVA_17));
    }

    /** The image's launcher's JVM flags, with the host's java and the copied jars. */
    @Override
    public List<String> hostCommand(int id, Membership members, String home, String data) {
        // RocksDB unpacks its native library into the temporary directory at each start: kept under home; and
        // no /tmp/hsperfdata file, which a killed JVM would leave behind.
        List<String> args = new ArrayList<>(List.of("java", "-Xmx256m", "-XX:+UseSerialGC", "-XX:-UsePerfData",
                "-Djava.io.tmpdir=" + home + "/tmp",
                "-cp", home + "/faultline-node.jar:" + home + "/lib/*", "io.faultline.node.NodeMain"));
        args.addAll(nodeArguments(id, members, data));
        return args;
    }

    private List<String> nodeArguments(int id, Membership members, String dataDir) {
        String peers = members.commaList(i -> i + "=" + members.name(i) + ":" + PEER_PORT);
        String clients = members.commaList(i -> i + "=" + members.name(i) + ":" + CLIENT_PORT);
        List<String> args = new ArrayList<>(List.of(
                "--id", Integer.toString(id),
                "--peers", peers,
                "--client-addresses", clients,
                "--client-port", Integer.toString(CLIENT_PORT),
                "--peer-port", Integer.toString(PEER_PORT),
                "--data-dir", dataDir,
                "--tick-ms", options.text("tick-ms"),
                "--election-ticks", options.text("election-ticks"),
                "--heartbeat-ticks", options.text("heartbeat-ticks")));
        String flags = options.text(NODE_FLAGS).trim();
        if (!flags.isEmpty()) args.addAll(Arrays.asList(flags.split("\\s+")));
        return args;
    }

    /**
     * A fresh node in {@code node}'s place: member {@link io.faultline.kv.config.MemberNumbers#of},
     * started with {@code --join} and the initial peers plus itself (so its cluster id matches);
     * it gets its configuration and data from the leader's snapshot. On a restart its data
     * directory has them, and the flags only name it.
     */
    @Override
    public List<String> joinCommand(int node, int generation, Membership initial, List<Integer> members) {
        long member = io.faultline.kv.config.MemberNumbers.of(node, generation);
        List<String> args = new ArrayList<>(command(node, initial));
        args.set(args.indexOf("--id") + 1, Long.toString(member));
        int peers = args.indexOf("--peers") + 1;
        args.set(peers, args.get(peers) + "," + member + "=" + Membership.hostName(node) + ":" + PEER_PORT);
        int clients = args.indexOf("--client-addresses") + 1;
        args.set(clients, args.get(clients) + "," + member + "=" + Membership.hostName(node) + ":" + CLIENT_PORT);
        args.add(1, "--join");
        return args;
    }

    @Override
    public SystemSession connect(Map<Integer, String> clientAddresses) {
        return new FaultlineSession(clientAddresses);
    }

    /** {@code <instant> n2 t5 leader    event}: the node's own format ({@code NodeLog}) states term and role on every line. */
    private static final io.faultline.harness.system.NodeLogFormat LOG = line -> io.faultline.kv.log.NodeLog.parse(line)
            .map(l -> new io.faultline.harness.system.NodeLogFormat.Line(l.at(), l.term(), l.role(),
                    line.substring(line.indexOf(' ') + 1)))
            .or(() -> io.faultline.harness.system.NodeLogFormat.isoStamped(line));

    @Override
    public io.faultline.harness.system.NodeLogFormat logFormat() {
        return LOG;
    }

    @Override
    public boolean saysSafetyBroke(String logLine) {
        return io.faultline.kv.log.NodeLog.saysSafetyBroke(logLine);
    }

    @Override
    public java.util.OptionalLong electedTerm(String logLine) {
        return io.faultline.kv.log.NodeLog.electedTerm(logLine);
    }

    @Override
    public java.util.Optional<java.time.Instant> servingAt(String logLine) {
        return io.faultline.kv.log.NodeLog.servingAt(logLine);
    }

    @Override
    public boolean faultsInProcess() {
        return true;
    }

    @Override
    public java.util.Set<io.faultline.harness.system.Capability> capabilities() {
        return java.util.Set.of(io.faultline.harness.system.Capability.CRASH_POINTS,
                io.faultline.harness.system.Capability.MEMBERSHIP,
                io.faultline.harness.system.Capability.POWER_LOSS_FS,
                io.faultline.harness.system.Capability.CLOCK_RATE,
                io.faultline.harness.system.Capability.LINK_DUPLICATION);
    }

    /** A worker's client: kv.proto with leader redirects. */
    public static FailoverClient client(Map<Integer, String> addresses, Duration opTimeout, int firstNode) {
        return new FailoverClient(new ArrayList<>(addresses.keySet()), new FaultlineCaller(addresses), opTimeout,
                firstNode);
    }
}
