package io.faultline.kv;

import io.faultline.kv.log.NodeLog;
import io.faultline.kv.loop.Clock;
import io.faultline.kv.loop.NodeDriver;
import io.faultline.kv.loop.RaftLoop;
import io.faultline.kv.loop.ScaledClock;
import io.faultline.kv.loop.Ticker;
import io.faultline.kv.server.AdminService;
import io.faultline.kv.server.KvService;
import io.faultline.kv.server.RequestValidator;
import io.faultline.kv.storage.NodeIdentity;
import io.faultline.kv.storage.PowerLossMount;
import io.faultline.kv.storage.RocksStore;
import io.faultline.kv.storage.UnsafeRestart;
import io.faultline.kv.transport.PeerTransport;
import io.faultline.kv.config.AddressMap;
import io.faultline.kv.config.NodeConfig;
import io.faultline.kv.config.PlantedBug;
import io.faultline.kv.config.UnsafeFlags;
import io.grpc.Server;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * One running KV node: data directory, Raft, Ready loop, peer transport, and the
 * client/admin and peer gRPC servers. {@link #start} returns once it serves.
 */
public final class KvNode implements AutoCloseable {
    private final NodeConfig config;
    private final NodeLog log;
    private final RocksStore store;
    private final PeerTransport transport;
    private final RaftLoop loop;
    private final ScheduledExecutorService ticker;
    private final Server peerServer;
    private final Server clientServer;
    private volatile boolean closed;

    private KvNode(NodeConfig config, NodeLog log, RocksStore store, PeerTransport transport, RaftLoop loop,
            ScheduledExecutorService ticker, Server peerServer, Server clientServer) {
        this.config = config;
        this.log = log;
        this.store = store;
        this.transport = transport;
        this.loop = loop;
        this.ticker = ticker;
        this.peerServer = peerServer;
        this.clientServer = clientServer;
    }

    /**
     * @throws io.faultline.kv.storage.DataDirException when the data directory is refused
     */
    public static KvNode start(NodeConfig config) {
        StartTimes times = StartTimes.begin();
        NodeLog log = NodeLog.stdout(config.id());
        for (String flag : config.unsafe().names()) {
            log.info("WARNING: unsafe flag " + flag + " is ON: " + UnsafeFlags.consequence(flag));
        }
        long clusterId = config.clusterId();
        RocksStore.loadLibrary();
        times.lap("library");
        RocksStore store = RocksStore.open(config.dataDir(),
                new NodeIdentity(config.id(), clusterId, AddressMap.format(config.initialVoters())));
        try {
            if (config.unsafe().has(PlantedBug.LOST_FSYNC)) {
                if (PowerLossMount.covers(config.dataDir())) {
                    log.info("--unsafe-lost-fsync: the data directory is on the power-loss file system, where a power "
                            + "loss really drops the unsynced writes; no simulated loss at restart");
                } else {
                    UnsafeRestart.loseUnsyncedTail(store, log::info);
                }
            }
            if (config.unsafe().has(PlantedBug.FORGETFUL_VOTES)) UnsafeRestart.forgetVote(store, log::info);
            times.lap("storage");
            return assemble(config, log, store, clusterId, times);
        } catch (RuntimeException e) {
            store.close();
            throw e;
        }
    }

    private static KvNode assemble(NodeConfig config, NodeLog log, RocksStore store, long clusterId,
            StartTimes times) {
        long seed = config.id() * 0x9E3779B97F4A7C15L ^ System.nanoTime();
        RaftLoop[] loopRef = new RaftLoop[1];
        PeerTransport transport = new PeerTransport(config.id(), clusterId, new InboxProxy(loopRef), log);
        transport.advertise(config.peers().get(config.id()));
        // One clock for the ticker and the deadlines: the Admin API's SetClockRate moves both.
        ScaledClock clock = new ScaledClock(Clock.SYSTEM);
        NodeDriver driver = NodeCore.open(config, store, log, transport, clock, seed,
                System.nanoTime() ^ (config.id() << 48));
        RaftLoop loop = new RaftLoop(config.id(), driver, log);
        loopRef[0] = loop;
        times.lap("raft");

        RequestValidator validator = new RequestValidator(config.maxKeyBytes(), config.maxValueBytes());
        // Every handler only validates and posts to the Ready loop, never blocks: it runs on the
        // network thread (directExecutor) rather than being handed to a pool thread per call.
        Server peerServer = NettyServerBuilder.forAddress(new InetSocketAddress(config.bindHost(), config.peerPort()))
                .directExecutor()
                .addService(transport.service())
                .maxInboundMessageSize(PeerTransport.maxMessageBytes())
                .permitKeepAliveTime(1, TimeUnit.SECONDS).permitKeepAliveWithoutCalls(true)
                .build();
        Server clientServer = NettyServerBuilder.forAddress(new InetSocketAddress(config.bindHost(), config.clientPort()))
                .directExecutor()
                .addService(new KvService(loop, validator))
                .addService(new AdminService(loop, validator, clock, transport, log))
                .build();
        ScheduledExecutorService ticker = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "n" + config.id() + "-ticker");
            t.setDaemon(true);
            return t;
        });
        try {
            peerServer.start();
            clientServer.start();
        } catch (IOException e) {
            peerServer.shutdownNow();
            clientServer.shutdownNow();
            transport.close();
            ticker.shutdownNow();
            throw new IllegalStateException("cannot listen on " + config.bindHost() + " ports " + config.clientPort()
                    + "/" + config.peerPort() + ": " + e.getMessage(), e);
        }
        loop.start();
        new Ticker(clock, TimeUnit.MILLISECONDS.toNanos(config.tickMs()), (nanos, tick) -> {
            try {
                ticker.schedule(tick, nanos, TimeUnit.NANOSECONDS);
            } catch (java.util.concurrent.RejectedExecutionException stopping) {
                // closed: no more ticks
            }
        }, loop::tick).start();
        times.lap("servers");
        log.info(NodeLog.SERVING + config.bindHost() + ":" + config.clientPort() + ", peers on "
                + config.bindHost() + ":" + config.peerPort() + " (" + times.summary() + ")");
        return new KvNode(config, log, store, transport, loop, ticker, peerServer, clientServer);
    }

    public NodeConfig config() {
        return config;
    }

    public PeerTransport transport() {
        return transport;
    }

    public RaftLoop loop() {
        return loop;
    }

    /** Blocks until the node stops; false when it stopped on an error (the process should exit non-zero). */
    public boolean awaitTermination() {
        try {
            boolean clean = loop.terminated().get();
            if (!clean) close();
            return clean;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        } catch (ExecutionException e) {
            return false;
        }
    }

    @Override
    public synchronized void close() {
        if (closed) return;
        closed = true;
        log.info("stopping");
        ticker.shutdownNow();
        clientServer.shutdownNow();
        peerServer.shutdownNow();
        loop.close();
        transport.close();
        try {
            clientServer.awaitTermination(5, TimeUnit.SECONDS);
            peerServer.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        store.close();
        log.info("stopped");
    }

    /** Lets the transport exist before the loop it delivers to. */
    private record InboxProxy(RaftLoop[] target) implements io.faultline.kv.loop.Inbox {
        @Override
        public void deliver(io.faultline.raft.pb.Message message) {
            target[0].deliver(message);
        }

        @Override
        public void deliverAll(java.util.List<io.faultline.raft.pb.Message> messages) {
            target[0].deliverAll(messages);
        }

        @Override
        public void unreachable(long peerId) {
            target[0].unreachable(peerId);
        }

        @Override
        public void snapshotSent(long peerId, boolean success) {
            target[0].snapshotSent(peerId, success);
        }
    }
}
