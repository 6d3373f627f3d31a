package io.faultline.node;

import io.faultline.kv.config.NodeConfig;
import io.faultline.kv.config.AddressMap;
import io.faultline.kv.config.UnsafeFlags;
import io.faultline.kv.config.ConfigException;
import io.faultline.kv.KvNode;
import io.faultline.kv.storage.DataDirException;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import io.faultline.kv.config.PlantedBug;
import java.util.EnumSet;
import java.util.Set;

/**
 * {@code faultline node}: runs one Raft KV node until SIGTERM/SIGINT. Every flag
 * also reads FAULTLINE_&lt;NAME&gt; from the environment (flag wins).
 *
 * <p>Exit codes: 2 bad configuration, 3 data directory refused, 1 fatal error at run time.
 */
@Command(name = "node", mixinStandardHelpOptions = true, sortOptions = false,
        modelTransformer = PlantedBugOptions.class,
        description = "Run a durable Raft key-value node (client API on --client-port, peers on --peer-port).")
public final class NodeCommand implements Callable<Integer> {

    public static final int EXIT_CONFIG = 2;
    public static final int EXIT_DATA_DIR = 3;
    public static final int EXIT_FATAL = 1;

    @Option(names = "--id", defaultValue = "${env:FAULTLINE_ID:-0}",
            description = "This node's id (>= 1). Env FAULTLINE_ID.")
    long id;

    @Option(names = "--peers", defaultValue = "${env:FAULTLINE_PEERS:-}",
            description = "Peer addresses of all initial voters including this node: 1=host:7001,2=host:7001,... Env FAULTLINE_PEERS.")
    String peers;

    @Option(names = "--client-addresses", defaultValue = "${env:FAULTLINE_CLIENT_ADDRESSES:-}",
            description = "Client addresses for leader hints: 1=host:7000,... Env FAULTLINE_CLIENT_ADDRESSES.")
    String clientAddresses;

    @Option(names = "--bind-host", defaultValue = "${env:FAULTLINE_BIND_HOST:-0.0.0.0}",
            description = "Interface to listen on (default ${DEFAULT-VALUE}). Env FAULTLINE_BIND_HOST.")
    String bindHost;

    @Option(names = "--client-port", defaultValue = "${env:FAULTLINE_CLIENT_PORT:-7000}",
            description = "Client and admin gRPC port (default ${DEFAULT-VALUE}). Env FAULTLINE_CLIENT_PORT.")
    int clientPort;

    @Option(names = "--peer-port", defaultValue = "${env:FAULTLINE_PEER_PORT:-7001}",
            description = "Raft peer gRPC port (default ${DEFAULT-VALUE}). Env FAULTLINE_PEER_PORT.")
    int peerPort;

    @Option(names = "--data-dir", defaultValue = "${env:FAULTLINE_DATA_DIR:-./data}",
            description = "RocksDB data directory (default ${DEFAULT-VALUE}). Env FAULTLINE_DATA_DIR.")
    Path dataDir;

    @Option(names = "--tick-ms", defaultValue = "${env:FAULTLINE_TICK_MS:-50}",
            description = "Raft tick interval in ms (default ${DEFAULT-VALUE}). Env FAULTLINE_TICK_MS.")
    int tickMs;

    @Option(names = "--election-ticks", defaultValue = "${env:FAULTLINE_ELECTION_TICKS:-10}",
            description = "Election timeout in ticks (default ${DEFAULT-VALUE}). Env FAULTLINE_ELECTION_TICKS.")
    int electionTicks;

    @Option(names = "--heartbeat-ticks", defaultValue = "${env:FAULTLINE_HEARTBEAT_TICKS:-2}",
            description = "Heartbeat interval in ticks (default ${DEFAULT-VALUE}). Env FAULTLINE_HEARTBEAT_TICKS.")
    int heartbeatTicks;

    @Option(names = "--snapshot-threshold", defaultValue = "${env:FAULTLINE_SNAPSHOT_THRESHOLD:-10000}",
            description = "Applied log entries kept before compaction into a snapshot (default ${DEFAULT-VALUE}). Env FAULTLINE_SNAPSHOT_THRESHOLD.")
    long snapshotThreshold;

    @Option(names = "--max-key-bytes", defaultValue = "${env:FAULTLINE_MAX_KEY_BYTES:-1024}",
            description = "Largest key in UTF-8 bytes (default ${DEFAULT-VALUE}). Env FAULTLINE_MAX_KEY_BYTES.")
    int maxKeyBytes;

    @Option(names = "--max-value-bytes", defaultValue = "${env:FAULTLINE_MAX_VALUE_BYTES:-65536}",
            description = "Largest value in UTF-8 bytes (default ${DEFAULT-VALUE}). Env FAULTLINE_MAX_VALUE_BYTES.")
    int maxValueBytes;

    @Option(names = "--request-timeout-ms", defaultValue = "${env:FAULTLINE_REQUEST_TIMEOUT_MS:-5000}",
            description = "A proposal or read not answered by then gets DEADLINE_EXCEEDED (default ${DEFAULT-VALUE}). Env FAULTLINE_REQUEST_TIMEOUT_MS.")
    int requestTimeoutMs;

    @Option(names = "--join", defaultValue = "${env:FAULTLINE_JOIN:-false}",
            description = "Start empty and wait to be added with AddMember; --peers lists the cluster's initial voters plus this node. Env FAULTLINE_JOIN.")
    boolean join;

    /** The planted bugs asked for: the --unsafe-* options that {@link PlantedBugOptions} makes from {@link PlantedBug}. */
    final Set<PlantedBug> plantedBugs = EnumSet.noneOf(PlantedBug.class);

    /** {@value UnsafeFlags#CONSENT}, without which any planted bug is refused. */
    boolean unsafeConsent;

    /** Builds and validates the configuration; throws {@link ConfigException} with the flag and reason. */
    public NodeConfig config() {
        return new NodeConfig(id, AddressMap.parse("--peers", peers),
                AddressMap.parse("--client-addresses", clientAddresses), bindHost, clientPort, peerPort, dataDir,
                tickMs, electionTicks, heartbeatTicks, snapshotThreshold, maxKeyBytes, maxValueBytes,
                requestTimeoutMs, join, unsafeFlags());
    }

    private UnsafeFlags unsafeFlags() {
        return PlantedBugOptions.checked(plantedBugs, unsafeConsent);
    }

    @Override
    public Integer call() {
        NodeConfig config;
        try {
            config = config();
        } catch (ConfigException e) {
            System.err.println("faultline node: " + e.getMessage());
            return EXIT_CONFIG;
        }
        KvNode node;
        try {
            node = KvNode.start(config);
        } catch (DataDirException e) {
            System.err.println("faultline node: refusing data directory " + config.dataDir() + ": " + e.getMessage());
            return EXIT_DATA_DIR;
        } catch (RuntimeException e) {
            System.err.println("faultline node: cannot start: " + e);
            return EXIT_FATAL;
        }
        Thread hook = new Thread(node::close, "shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
        int code = node.awaitTermination() ? 0 : EXIT_FATAL;
        return code;
    }
}
