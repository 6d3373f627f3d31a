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

/**
 * {@code faultline node}: runs one Raft KV node until SIGTERM/SIGINT. Every flag
 * also reads FAULTLINE_&lt;NAME&gt; from the environment (flag wins).
 *
 * <p>Exit codes: 2 bad configuration, 3 data directory refused, 1 fatal error at run time.
 */
@Command(name = "node", mixinStandardHelpOptions = true, sortOptions = false,
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

    @Option(names = UnsafeFlags.STALE_READS, description = "UNSAFE, for testing the tester: serve Get from local state without ReadIndex, on any node.")
    boolean unsafeStaleReads;

    @Option(names = UnsafeFlags.EARLY_ACK, description = "UNSAFE: answer Put/Delete once appended on the leader, before commit.")
    boolean unsafeEarlyAck;

    @Option(names = UnsafeFlags.FORGETFUL_VOTES, description = "UNSAFE: never persist term/vote; a restarted node forgets its vote.")
    boolean unsafeForgetfulVotes;

    @Option(names = UnsafeFlags.LOST_FSYNC, description = "UNSAFE: no fsync; on restart drop the log tail written since the last simulated sync.")
    boolean unsafeLostFsync;

    @Option(names = UnsafeFlags.STALE_LEADER_COMMIT, description = "UNSAFE: commit earlier-term entries by counting replicas (Raft figure 8).")
    boolean unsafeStaleLeaderCommit;

    @Option(names = UnsafeFlags.OUTSIDER_READS, description = "UNSAFE: a node outside its configuration (removed, or joining) serves Get from local state.")
    boolean unsafeOutsiderReads;

    @Option(names = UnsafeFlags.CONSENT, description = "Required with any --unsafe-* flag.")
    boolean iKnowThisIsUnsafe;

    /** Builds and validates the configuration; throws {@link ConfigException} with the flag and reason. */
    public NodeConfig config() {
        return new NodeConfig(id, AddressMap.parse("--peers", peers),
                AddressMap.parse("--client-addresses", clientAddresses), bindHost, clientPort, peerPort, dataDir,
                tickMs, electionTicks, heartbeatTicks, snapshotThreshold, maxKeyBytes, maxValueBytes,
                requestTimeoutMs, join, unsafeFlags());
    }

    private UnsafeFlags unsafeFlags() {
        UnsafeFlags flags = new UnsafeFlags(unsafeStaleReads, unsafeEarlyAck, unsafeForgetfulVotes, unsafeLostFsync,
                unsafeStaleLeaderCommit, unsafeOutsiderReads);
        if (flags.any() && !iKnowThisIsUnsafe) {
            throw new ConfigException(flags.names().get(0) + ": refused without " + UnsafeFlags.CONSENT
                    + " (it breaks the node on purpose: " + UnsafeFlags.consequence(flags.names().get(0)) + ")");
        }
        return flags;
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
