package io.faultline.harness.system.etcd;

import io.faultline.harness.system.Membership;
import io.faultline.harness.system.NodeLayout;
import io.faultline.harness.system.SystemKind;
import io.faultline.harness.system.SystemOption;
import io.faultline.harness.system.SystemOptions;
import io.faultline.harness.system.SystemSession;
import io.faultline.harness.system.SystemUnderTest;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * etcd 3.4 (Debian's etcd-server, image faultline-etcd:3.4 from docker/build-etcd-image.sh)
 * as a static cluster; clients speak etcd's v3 API through jetcd. It has no crash
 * points, so the scripted nemeses are refused.
 */
public record EtcdSystem(SystemOptions options) implements SystemUnderTest {
    public static final String NAME = "etcd";
    /** The etcd image; {@code FAULTLINE_ETCD_IMAGE} overrides it, as it does for docker/build-etcd-image.sh. */
    public static final String IMAGE = NodeLayout.imageFromEnv("FAULTLINE_ETCD_IMAGE", "faultline-etcd:3.4");
    public static final int CLIENT_PORT = 2379;
    public static final int PEER_PORT = 2380;
    public static final String SERIALIZABLE_READS = "serializable-reads";

    private static final List<SystemOption> OPTIONS = List.of(
            SystemOption.bool(SERIALIZABLE_READS, false, "gets answered by the member alone (Range serializable),"
                    + " not through the leader: fast, and not linearizable under partitions"),
            SystemOption.positiveInt("heartbeat-ms", 100, "etcd --heartbeat-interval"),
            SystemOption.positiveInt("election-ms", 1000, "etcd --election-timeout"),
            SystemOption.text("flags", "", "extra etcd flags passed verbatim to every member"));

    public static final SystemKind KIND = new SystemKind(NAME,
            "etcd 3.4 from Debian's etcd-server (" + IMAGE + ")",
            OPTIONS, EtcdSystem::new);

    // Anchored: matches etcd's own command line (nohup execs it), not the shell that started it nor pkill.
    private static final NodeLayout LAYOUT = new NodeLayout(IMAGE, CLIENT_PORT, PEER_PORT, NodeLayout.DATA_VOLUME + "/etcd",
            NodeLayout.DEFAULT_LOG_FILE, "^/usr/bin/etcd ");

    private static final java.util.regex.Pattern DATA =
            java.util.regex.Pattern.compile("/member/(wal/[0-9a-f]+-[0-9a-f]+\\.wal|snap/(db|[0-9a-f]+-[0-9a-f]+\\.snap))$");

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
        return "docker/build-etcd-image.sh";
    }

    /** The WAL's segments and the snapshots (bbolt's {@code db}, Raft's {@code .snap}); not the preallocated {@code 0.tmp}. */
    @Override
    public java.util.regex.Pattern dataFiles() {
        return DATA;
    }

    /**
     * A static member of a new cluster. On a restart the data dir exists, and etcd then
     * ignores the initial-cluster flags and carries on from its own WAL.
     */
    @Override
    public List<String> command(int id, Membership members) {
        return command("/usr/bin/etcd", LAYOUT.dataDir(), members.name(id),
                members.commaList(i -> Membership.hostName(i) + "=" + peerUrl(i)), "new");
    }

    /** The binary of the etcd image's own package (docker/host-binary.sh extracts it). */
    @Override
    public io.faultline.harness.system.HostRecipe hostRecipe() {
        return io.faultline.harness.system.HostRecipe.debianServer(NAME, "etcd");
    }

    /** Each member named and reached by its host's name. */
    @Override
    public List<String> hostCommand(int id, Membership members, String home, String data) {
        return command(home + "/etcd", data + "/etcd", members.name(id),
                members.commaList(i -> members.name(i) + "=http://" + members.name(i) + ":" + PEER_PORT), "new");
    }

    /** http://n3:2380: a member's peer URL, by place (a fresh member in a place takes the same one). */
    static String peerUrl(int place) {
        return "http://" + Membership.hostName(place) + ":" + PEER_PORT;
    }

    /**
     * A fresh member in {@code node}'s place after etcd's member add: {@code --initial-cluster}
     * lists the members now (the new one included) and the state is {@code existing}. On a
     * restart its data dir exists and etcd ignores both.
     */
    @Override
    public List<String> joinCommand(int node, int generation, Membership initial, List<Integer> members) {
        StringBuilder cluster = new StringBuilder();
        for (int m : members) {
            if (cluster.length() > 0) cluster.append(',');
            cluster.append(Membership.hostName(m)).append('=').append(peerUrl(m));
        }
        return command("/usr/bin/etcd", LAYOUT.dataDir(), Membership.hostName(node), cluster.toString(), "existing");
    }

    private List<String> command(String binary, String dataDir, String self, String initial, String state) {
        List<String> args = new ArrayList<>(List.of(
                binary,
                "--name", self,
                "--data-dir", dataDir,
                "--listen-client-urls", "http://0.0.0.0:" + CLIENT_PORT,
                "--advertise-client-urls", "http://" + self + ":" + CLIENT_PORT,
                "--listen-peer-urls", "http://0.0.0.0:" + PEER_PORT,
                "--initial-advertise-peer-urls", "http://" + self + ":" + PEER_PORT,
                "--initial-cluster", initial,
                "--initial-cluster-state", state,
                "--initial-cluster-token", "faultline",
                "--heartbeat-interval", options.text("heartbeat-ms"),
                "--election-timeout", options.text("election-ms")));
        String flags = options.text("flags").trim();
        if (!flags.isEmpty()) args.addAll(Arrays.asList(flags.split("\\s+")));
        return args;
    }

    @Override
    public SystemSession connect(Map<Integer, String> clientAddresses) {
        return new EtcdSession(clientAddresses, options.bool(SERIALIZABLE_READS));
    }

    @Override
    public java.util.Set<io.faultline.harness.system.Capability> capabilities() {
        return java.util.Set.of(io.faultline.harness.system.Capability.MEMBERSHIP,
                io.faultline.harness.system.Capability.POWER_LOSS_FS,
                io.faultline.harness.system.Capability.LINK_DUPLICATION);
    }

    private static final EtcdLogFormat LOG = new EtcdLogFormat();

    @Override
    public io.faultline.harness.system.NodeLogFormat logFormat() {
        return LOG;
    }

    /** etcd 3.4 logs {@code 2026-12-06 07:40:20.167580 I | embed: ready to serve client requests} (UTC). */
    @Override
    public java.util.Optional<java.time.Instant> servingAt(String logLine) {
        return LOG.parse(logLine).filter(l -> l.text().endsWith("embed: ready to serve client requests"))
                .map(io.faultline.harness.system.NodeLogFormat.Line::at);
    }

    /** etcd's raft logs {@code raft2026/11/30 07:53:31 INFO: def27947bcd91f9b became leader at term 4}. */
    @Override
    public java.util.OptionalLong electedTerm(String logLine) {
        return LOG.electedTerm(logLine);
    }
}
