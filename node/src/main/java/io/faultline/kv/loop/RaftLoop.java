package io.faultline.kv.loop;

import com.google.protobuf.ByteString;
import io.faultline.kv.log.NodeLog;
import io.faultline.kv.api.GetResponse;
import io.faultline.kv.api.StatusResponse;
import io.faultline.kv.peer.Command;
import io.faultline.kv.peer.Member;
import io.faultline.raft.pb.Message;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * The production driver of a {@link NodeDriver}: one thread owns it. Client threads,
 * the ticker and the transport only post events; the thread drains all that is
 * queued (so concurrent proposals land in one Ready), then lets the driver handle
 * the Ready.
 */
public final class RaftLoop implements Inbox, AutoCloseable {
    /** Something for the driver to do; {@code future} (may be null) is failed if the loop stops first. */
    private record Event(Consumer<NodeDriver> action, CompletableFuture<?> future) {}

    /** How long a node at a crash point waits for the message it just sent to leave. */
    private static final long CRASH_GRACE_MS = 300;
    private static final long IDLE_WAIT_MS = 1000;

    private final NodeDriver driver;
    private final NodeLog nodeLog;
    private final LinkedBlockingQueue<Event> events = new LinkedBlockingQueue<>();
    private final Thread thread;
    private final CompletableFuture<Boolean> terminated = new CompletableFuture<>();
    private final Event tick = new Event(NodeDriver::tick, null);
    private volatile boolean running = true;

    public RaftLoop(long id, NodeDriver driver, NodeLog nodeLog) {
        this.driver = driver;
        this.nodeLog = nodeLog;
        this.thread = new Thread(this::run, "n" + id + "-raft");
        onCrash(() -> Runtime.getRuntime().halt(CrashPoint.EXIT_STATUS));
    }

    public void start() {
        thread.start();
    }

    // ---- posting (any thread) ----

    public void tick() {
        events.add(tick);
    }

    @Override
    public void deliver(Message message) {
        events.add(new Event(d -> d.step(message), null));
    }

    @Override
    public void deliverAll(List<Message> messages) {
        events.add(new Event(d -> {
            for (Message m : messages) d.step(m);
        }, null));
    }

    @Override
    public void unreachable(long peerId) {
        events.add(new Event(d -> d.reportUnreachable(peerId), null));
    }

    @Override
    public void snapshotSent(long peerId, boolean success) {
        events.add(new Event(d -> d.reportSnapshot(peerId, success), null));
    }

    /** Proposes a client write (put/delete/cas set on {@code command}); completes with its answer once applied. */
    public CompletableFuture<com.google.protobuf.Message> write(Command.Builder command) {
        return post(future -> d -> d.write(command, future));
    }

    /** A linearizable read through ReadIndex. */
    public CompletableFuture<GetResponse> read(String key) {
        ByteString k = ByteString.copyFromUtf8(key);
        return post(future -> d -> d.read(k, future));
    }

    public CompletableFuture<StatusResponse> status() {
        return post(future -> d -> future.complete(d.status()));
    }

    public CompletableFuture<List<Long>> addMember(Member member) {
        return post(future -> d -> d.addMember(member, future));
    }

    public CompletableFuture<List<Long>> removeMember(long nodeId) {
        return post(future -> d -> d.removeMember(nodeId, future));
    }

    public CompletableFuture<List<Long>> replaceMember(long removeId, Member member) {
        return post(future -> d -> d.replaceMember(removeId, member, future));
    }

    /** Completes with the new leader id once {@code target} leads. */
    public CompletableFuture<Long> transferLeader(long target) {
        return post(future -> d -> d.transferLeader(target, future));
    }

    /** Compacts the log through the applied index now; completes with {index, term} of the snapshot point. */
    public CompletableFuture<long[]> compactNow() {
        return post(future -> d -> future.complete(d.compactNow()));
    }

    /** Arms {@code point} (or disarms with {@link CrashPoint#NONE}); the node halts when it next reaches it. */
    public void armCrashPoint(CrashPoint point) {
        armCrashPoint(point, 0);
    }

    /** As {@link #armCrashPoint(CrashPoint)}; {@code after-commit} waits for a commit through {@code commitIndex}. */
    public void armCrashPoint(CrashPoint point, long commitIndex) {
        driver.armCrashPoint(point, commitIndex);
    }

    /**
     * Replaces the halt of the process at a crash point; for nodes that share a JVM
     * (tests). The loop stops after running it either way.
     */
    public void onCrash(Runnable action) {
        driver.onCrash(() -> {
            try {
                // What was sent or answered is on its way in other threads; the loop handles nothing more meanwhile.
                Thread.sleep(CRASH_GRACE_MS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            action.run();
        });
    }

    /** Completes true on a clean stop, false when the loop died of an error (the process should exit). */
    public CompletableFuture<Boolean> terminated() {
        return terminated;
    }

    public static String roleName(io.faultline.raft.StateType state) {
        return NodeDriver.roleName(state);
    }

    private <T> CompletableFuture<T> post(Function<CompletableFuture<T>, Consumer<NodeDriver>> request) {
        CompletableFuture<T> future = new CompletableFuture<>();
        if (!running) {
            future.completeExceptionally(Failures.stopping());
            return future;
        }
        events.add(new Event(request.apply(future), future));
        return future;
    }

    // ---- the loop ----

    private void run() {
        boolean clean = false;
        try {
            List<Event> batch = new ArrayList<>();
            while (running) {
                // Idle, it sleeps until an event: ticks come as events, so no timer of its own is needed.
                Event first = driver.hasWork() ? events.poll() : events.poll(IDLE_WAIT_MS, TimeUnit.MILLISECONDS);
                if (first != null) {
                    batch.add(first);
                    events.drainTo(batch);
                    for (Event e : batch) {
                        if (e.action() == null) running = false;
                        else e.action().accept(driver);
                    }
                    batch.clear();
                }
                driver.process();
            }
            clean = true;
        } catch (InterruptedException e) {
            clean = true;
        } catch (NodeDriver.CrashPointReached e) {
            nodeLog.info("the Ready loop stopped at the crash point");
        } catch (RuntimeException | Error e) {
            nodeLog.info("FATAL: the Ready loop stopped: " + e);
            e.printStackTrace(System.out);
        } finally {
            running = false;
            driver.failEverything();
            RuntimeException error = Failures.stopping();
            Event e;
            while ((e = events.poll()) != null) {
                if (e.future() != null) e.future().completeExceptionally(error);
            }
            terminated.complete(clean);
        }
    }

    /** Stops the loop after what is queued; waits for it. */
    @Override
    public void close() {
        events.add(new Event(null, null));
        try {
            thread.join(10_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
