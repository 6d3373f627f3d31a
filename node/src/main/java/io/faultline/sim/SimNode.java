package io.faultline.sim;

import com.google.protobuf.ByteString;
import io.faultline.kv.NodeCore;
import io.faultline.kv.log.NodeLog;
import io.faultline.kv.api.GetResponse;
import io.faultline.kv.loop.CrashPoint;
import io.faultline.kv.loop.NodeDriver;
import io.faultline.kv.loop.PeerSender;
import io.faultline.kv.peer.Command;
import io.faultline.kv.storage.UnsafeRestart;
import io.faultline.kv.config.NodeConfig;
import io.faultline.raft.pb.Message;
import io.grpc.Status;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * One simulated node: the real {@link NodeDriver} over a {@link SimDisk}, fed by the
 * scheduler instead of a thread. Events (ticks, messages, client requests) are handled
 * as they arrive; the Ready is handled a moment later, so what arrives together shares
 * a Ready, as in the real loop. A crash can stop it at any step: before any disk write
 * or just before a Ready's messages leave, besides between events.
 */
public final class SimNode implements SimNetwork.Endpoint {
    /** Where an armed crash strikes. */
    public enum CrashStep { DISK_WRITE, SEND, AFTER_VOTE_GRANT, AFTER_COMMIT }

    private final NodeConfig config;
    private final SimScheduler scheduler;
    private final SimNetwork network;
    private final SimDisk disk = new SimDisk();
    private final NodeLog log;
    private NodeDriver driver;
    private boolean processScheduled;
    private long incarnation;
    private CrashStep armed;
    private final List<CompletableFuture<?>> inFlight = new ArrayList<>();
    private String lastCrash;
    private boolean restartPending;
    /** SIGSTOP: events that reached the node while it was stopped, handled in order once it continues. */
    private final List<java.util.function.Consumer<NodeDriver>> parked = new ArrayList<>();
    private boolean paused;
    /** Survives restarts, as a machine's oscillator would: a skew set before a crash holds after it. */
    private final io.faultline.kv.loop.ScaledClock clock;
    private io.faultline.kv.loop.Ticker ticker;

    SimNode(NodeConfig config, SimScheduler scheduler, SimNetwork network, PrintStream logOut) {
        this.config = config;
        this.scheduler = scheduler;
        this.network = network;
        this.log = new NodeLog(config.id(), logOut, () -> SimCluster.EPOCH_MILLIS + scheduler.now() / 1_000_000);
        this.clock = new io.faultline.kv.loop.ScaledClock(scheduler::now);
        disk.beforeWrite(() -> {
            if (armed == CrashStep.DISK_WRITE) strike("before a disk write (" + disk.unsyncedBatches() + " unsynced batches)");
        });
    }

    public long id() {
        return config.id();
    }

    public NodeConfig config() {
        return config;
    }

    @Override
    public boolean up() {
        return driver != null;
    }

    @Override
    public boolean paused() {
        return paused;
    }

    SimDisk disk() {
        return disk;
    }

    /** Starts (or restarts) the node from what its disk holds. */
    public void start() {
        if (driver != null) return;
        restartPending = false;
        paused = false;
        parked.clear();
        if (config.unsafe().has(io.faultline.kv.config.PlantedBug.FORGETFUL_VOTES)) UnsafeRestart.forgetVote(disk, log::info);
        incarnation++;
        network.restarted(config.id());
        PeerSender sender = new PeerSender() {
            @Override
            public void send(List<Message> messages) {
                if (armed == CrashStep.SEND && !messages.isEmpty()) {
                    strike("after persisting a Ready, before sending its " + messages.size() + " messages");
                }
                for (Message m : messages) network.send(config.id(), m);
            }

            @Override
            public void setAddress(long id, String address) {}
        };
        long raftSeed = scheduler.random().nextLong();
        driver = NodeCore.open(config, disk, log, sender, clock, raftSeed, scheduler.random().nextLong());
        driver.onCrash(() -> strike("at crash point"));
        // A stopped process misses its ticks; the ticker's fixed delay does not replay them.
        ticker = new io.faultline.kv.loop.Ticker(clock, TimeUnit.MILLISECONDS.toNanos(config.tickMs()), scheduler::after,
                () -> {
                    if (!paused) run(NodeDriver::tick);
                });
        ticker.start();
    }

    /** SIGSTOP: the node handles nothing (its state stays) until {@link #resume}; what reaches it waits. */
    public void pause() {
        if (driver == null || paused) return;
        paused = true;
        log.info("SIM PAUSE (SIGSTOP)");
    }

    /** SIGCONT: what reached the node while it was stopped is handled in arrival order. */
    public void resume() {
        if (!paused) return;
        paused = false;
        log.info("SIM RESUME (SIGCONT) with " + parked.size() + " events waiting");
        List<java.util.function.Consumer<NodeDriver>> waiting = new ArrayList<>(parked);
        parked.clear();
        for (var event : waiting) run(event);
        if (driver != null) run(d -> {}); // a Ready left unhandled at the pause is handled now
        network.resumed(config.id());
    }

    /** The node's clock and ticker run {@code rate} times as fast as virtual time from now on (1 is true time). */
    public void tickRate(double rate) {
        clock.rate(rate);
    }

    public double tickRate() {
        return clock.rate();
    }

    /**
     * Crashes the node now: unsynced writes may be lost, clients waiting on it lose their
     * connection. Returns how many unsynced disk batches were lost.
     */
    public int crash(String why, boolean loseAllUnsynced) {
        if (driver == null) return 0;
        int lost = disk.crash(scheduler.random(), loseAllUnsynced);
        halt(why, lost);
        return lost;
    }

    /** SIGKILL of the process alone: nothing it wrote is lost (the machine keeps its page cache). */
    public void kill(String why) {
        if (driver == null) return;
        disk.processDied();
        halt(why, 0);
    }

    private void halt(String why, int lost) {
        driver = null;
        ticker.stop();
        armed = null;
        processScheduled = false;
        paused = false;
        parked.clear();
        lastCrash = why + (lost > 0 ? "; " + lost + " unsynced disk batches lost" : "");
        log.info("SIM CRASH " + lastCrash);
        List<CompletableFuture<?>> waiting = new ArrayList<>(inFlight);
        inFlight.clear();
        for (CompletableFuture<?> f : waiting) {
            f.completeExceptionally(Status.UNAVAILABLE.withDescription("connection lost: n" + config.id() + " crashed")
                    .asRuntimeException());
        }
    }

    /** Arms a crash at the next {@code step} this node reaches. */
    void arm(CrashStep step) {
        if (driver == null) return;
        armed = step;
        if (step == CrashStep.AFTER_VOTE_GRANT) driver.armCrashPoint(CrashPoint.AFTER_VOTE_GRANT, 0);
        if (step == CrashStep.AFTER_COMMIT) driver.armCrashPoint(CrashPoint.AFTER_COMMIT, 0);
    }

    void disarm() {
        armed = null;
        if (driver != null) driver.armCrashPoint(CrashPoint.NONE, 0);
    }

    boolean restartPending() {
        return restartPending;
    }

    void restartPending(boolean pending) {
        restartPending = pending;
    }

    String lastCrash() {
        return lastCrash;
    }

    private void strike(String where) {
        throw new SimCrash(where);
    }

    // ---- network ----

    @Override
    public void receive(Message message) {
        run(d -> d.step(message));
    }

    @Override
    public void unreachable(long peer) {
        run(d -> d.reportUnreachable(peer));
    }

    @Override
    public void snapshotSent(long peer, boolean success) {
        run(d -> d.reportSnapshot(peer, success));
    }

    // ---- clients (the KV request path below gRPC) ----

    /** A write as KvService hands it to the loop; null future result never: fails with the node's status codes. */
    public CompletableFuture<com.google.protobuf.Message> write(Command.Builder command) {
        CompletableFuture<com.google.protobuf.Message> future = new CompletableFuture<>();
        request(future, d -> d.write(command, future));
        return future;
    }

    public CompletableFuture<GetResponse> read(String key) {
        CompletableFuture<GetResponse> future = new CompletableFuture<>();
        ByteString k = ByteString.copyFromUtf8(key);
        request(future, d -> d.read(k, future));
        return future;
    }

    /** The running driver, or null while the node is down. */
    NodeDriver driver() {
        return driver;
    }

    /**
     * Arms one of the node's own crash points ({@code none} disarms), as the node's admin API
     * does in a container: the harness's crash-point faults run here through it.
     */
    public void armCrashPoint(String point, long commitIndex) {
        if (driver == null) throw new IllegalStateException("n" + id() + " is down");
        driver.armCrashPoint(io.faultline.kv.loop.CrashPoint.parse(point), commitIndex);
    }

    /** Asks the node, as leader, to remove member {@code member}; completes with the voters after it (as the Admin API does). */
    public CompletableFuture<List<Long>> removeMember(long member) {
        CompletableFuture<List<Long>> done = new CompletableFuture<>();
        request(done, d -> d.removeMember(member, done));
        return done;
    }

    /** Asks the node, as leader, to add member {@code member}, reached at its place's addresses. */
    public CompletableFuture<List<Long>> addMember(long member, String peerAddress, String clientAddress) {
        CompletableFuture<List<Long>> done = new CompletableFuture<>();
        io.faultline.kv.peer.Member m = io.faultline.kv.peer.Member.newBuilder().setId(member)
                .setPeerAddress(peerAddress).setClientAddress(clientAddress).build();
        request(done, d -> d.addMember(m, done));
        return done;
    }

    /** Asks the node, as leader, to hand leadership to {@code to}; completes when {@code to} leads. */
    public CompletableFuture<Long> transferLeader(long to) {
        CompletableFuture<Long> done = new CompletableFuture<>();
        if (driver == null) {
            done.completeExceptionally(new IllegalStateException("n" + id() + " is down"));
            return done;
        }
        run(d -> d.transferLeader(to, done));
        return done;
    }

    public io.faultline.kv.api.StatusResponse status() {
        return driver == null ? null : driver.status();
    }

    /** One line: role, term, commit, applied and log bounds, and a leader's view of each peer; "down" when crashed. */
    public String describe() {
        if (driver == null) return "n" + id() + " down";
        var st = driver.status();
        var raft = driver.raftStatus();
        StringBuilder b = new StringBuilder("n" + id() + " " + st.getRole() + " t" + st.getTerm() + " leader n"
                + st.getLeaderId() + " commit " + st.getCommitIndex() + " applied " + st.getAppliedIndex() + " log ["
                + st.getFirstIndex() + ", " + st.getLastIndex() + "]");
        new java.util.TreeMap<>(raft.progress()).forEach((peer, p) -> b.append("; n").append(peer).append(" match ")
                .append(p.match()).append(" next ").append(p.next()).append(' ').append(p.state())
                .append(p.paused() ? " paused" : "").append(p.recentActive() ? "" : " inactive"));
        return b.toString();
    }

    private void request(CompletableFuture<?> future, java.util.function.Consumer<NodeDriver> action) {
        if (driver == null) {
            future.completeExceptionally(Status.UNAVAILABLE.withDescription("connection refused")
                    .withCause(new java.net.ConnectException("Connection refused")).asRuntimeException());
            return;
        }
        inFlight.add(future);
        future.whenComplete((r, e) -> inFlight.remove(future));
        run(action);
    }

    // ---- running the driver ----

    private void run(java.util.function.Consumer<NodeDriver> event) {
        if (driver == null) return;
        if (paused) {
            parked.add(event);
            return;
        }
        try {
            event.accept(driver);
        } catch (SimCrash | NodeDriver.CrashPointReached e) {
            crash(e.getMessage(), false);
            return;
        }
        if (!processScheduled) {
            processScheduled = true;
            long gen = incarnation;
            // The loop takes a moment to come round: events arriving meanwhile share the Ready.
            scheduler.after(scheduler.random().nextLong(50_000, 500_000), () -> {
                if (incarnation != gen || driver == null) return;
                processScheduled = false;
                if (paused) return; // resume() runs the loop again
                process();
            });
        }
    }

    private void process() {
        if (driver == null) return;
        try {
            for (int i = 0; i < 64 && driver != null; i++) {
                driver.process();
                if (driver == null || !driver.hasWork()) break;
            }
        } catch (SimCrash | NodeDriver.CrashPointReached e) {
            crash(e.getMessage(), false);
        }
    }
}
