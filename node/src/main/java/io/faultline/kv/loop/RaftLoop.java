package io.faultline.kv.loop;

import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;
import io.faultline.kv.NodeLog;
import io.faultline.kv.api.GetResponse;
import io.faultline.kv.api.NotLeader;
import io.faultline.kv.api.StatusResponse;
import io.faultline.kv.peer.Command;
import io.faultline.kv.peer.Member;
import io.faultline.kv.sm.Apply;
import io.faultline.kv.sm.KvStateMachine;
import io.faultline.kv.storage.RocksRaftStorage;
import io.faultline.kv.storage.RocksStore;
import io.faultline.kv.storage.StorageFailure;
import io.faultline.kv.storage.UnsafeRestart;
import io.faultline.kv.transport.Inbox;
import io.faultline.kv.transport.PeerTransport;
import io.faultline.raft.ProposalDroppedException;
import io.faultline.raft.RawNode;
import io.faultline.raft.Ready;
import io.faultline.raft.SoftState;
import io.faultline.raft.StateType;
import io.faultline.raft.pb.ConfChange;
import io.faultline.raft.pb.ConfChangeType;
import io.faultline.raft.pb.ConfState;
import io.faultline.raft.pb.Entry;
import io.faultline.raft.pb.EntryType;
import io.faultline.raft.pb.Message;
import io.faultline.raft.pb.MessageType;
import io.faultline.raft.pb.Snapshot;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.LongFunction;
import org.rocksdb.WriteBatch;

/**
 * The one thread that owns the Raft node, the log and the state machine. Client
 * threads, the ticker and the transport only post events; the loop drains all
 * that is queued (so concurrent proposals land in one Ready), then handles the
 * Ready in the contract's order: persist (one synced batch), send, apply, answer,
 * advance.
 */
public final class RaftLoop implements Inbox, AutoCloseable {

    private sealed interface Event permits Tick, Step, Write, Read, Call, Unreachable, SnapshotSent, Stop {}

    private record Tick() implements Event {}

    private record Step(Message message) implements Event {}

    private record Write(Command.Builder command, CompletableFuture<com.google.protobuf.Message> future) implements Event {}

    private record Read(ByteString key, CompletableFuture<GetResponse> future) implements Event {}

    private record Call(Runnable action, CompletableFuture<?> future) implements Event {}

    private record Unreachable(long peer) implements Event {}

    private record SnapshotSent(long peer, boolean success) implements Event {}

    private record Stop() implements Event {}

    private static final Tick TICK = new Tick();
    /** How long a node at a crash point waits for the message it just sent to leave. */
    private static final long CRASH_GRACE_MS = 300;

    private final long id;
    private final RawNode raft;
    private final RocksStore store;
    private final RocksRaftStorage log;
    private final KvStateMachine machine;
    private final PeerTransport transport;
    private final NodeLog nodeLog;
    private final LoopSettings settings;
    private final LongFunction<String> clientAddressOf;
    private final LinkedBlockingQueue<Event> events = new LinkedBlockingQueue<>();
    private final Thread thread;
    private final CompletableFuture<Boolean> terminated = new CompletableFuture<>();

    /** Distinguishes this process's proposals from an earlier incarnation's replayed ones. */
    private final long incarnation;
    private long nextSeq = 1;
    private final Map<Long, Pending<com.google.protobuf.Message>> writes = new LinkedHashMap<>();
    /** Log index → seq of the write of ours proposed there; a different entry applied there fails it for sure. */
    private final Map<Long, Long> writeIndexes = new java.util.HashMap<>();
    private final LinearizableReads reads;
    private PendingConfChange confChange;
    private PendingTransfer transfer;

    private StateType role = StateType.FOLLOWER;
    private long leaderId;
    private long term;
    private volatile boolean running = true;
    private long lastSimulatedSync = System.nanoTime();
    private volatile CrashPoint crashPoint = CrashPoint.NONE;
    private volatile long crashCommitIndex;
    private volatile Runnable crash = () -> Runtime.getRuntime().halt(CrashPoint.EXIT_STATUS);

    private record PendingConfChange(ConfChangeType type, long nodeId, Pending<List<Long>> pending) {}

    private record PendingTransfer(long target, Pending<Long> pending) {}

    public RaftLoop(long id, RawNode raft, RocksStore store, RocksRaftStorage log, KvStateMachine machine,
            PeerTransport transport, NodeLog nodeLog, LoopSettings settings, LongFunction<String> clientAddressOf,
            long incarnation) {
        this.id = id;
        this.raft = raft;
        this.store = store;
        this.log = log;
        this.machine = machine;
        this.transport = transport;
        this.nodeLog = nodeLog;
        this.settings = settings;
        this.clientAddressOf = clientAddressOf;
        this.incarnation = incarnation;
        this.reads = new LinearizableReads(incarnation, machine);
        this.term = raft.term();
        this.thread = new Thread(this::run, "n" + id + "-raft");
    }

    public void start() {
        thread.start();
    }

    // ---- posting (any thread) ----

    public void tick() {
        events.add(TICK);
    }

    @Override
    public void deliver(Message message) {
        events.add(new Step(message));
    }

    @Override
    public void unreachable(long peerId) {
        events.add(new Unreachable(peerId));
    }

    @Override
    public void snapshotSent(long peerId, boolean success) {
        events.add(new SnapshotSent(peerId, success));
    }

    /** Proposes a client write (put/delete/cas set on {@code command}); completes with its answer once applied. */
    public CompletableFuture<com.google.protobuf.Message> write(Command.Builder command) {
        CompletableFuture<com.google.protobuf.Message> future = new CompletableFuture<>();
        post(new Write(command, future), future);
        return future;
    }

    /** A linearizable read through ReadIndex. */
    public CompletableFuture<GetResponse> read(String key) {
        CompletableFuture<GetResponse> future = new CompletableFuture<>();
        post(new Read(ByteString.copyFromUtf8(key), future), future);
        return future;
    }

    public CompletableFuture<StatusResponse> status() {
        return call(this::buildStatus);
    }

    public CompletableFuture<List<Long>> addMember(Member member) {
        return changeMembership(ConfChangeType.ADD_NODE, member.getId(), member.toByteString());
    }

    public CompletableFuture<List<Long>> removeMember(long nodeId) {
        return changeMembership(ConfChangeType.REMOVE_NODE, nodeId, ByteString.EMPTY);
    }

    /** Completes with the new leader id once {@code target} leads. */
    public CompletableFuture<Long> transferLeader(long target) {
        CompletableFuture<Long> future = new CompletableFuture<>();
        post(new Call(() -> startTransfer(target, future), future), future);
        return future;
    }

    /** Arms {@code point} (or disarms with {@link CrashPoint#NONE}); the node halts when it next reaches it. */
    public void armCrashPoint(CrashPoint point) {
        armCrashPoint(point, 0);
    }

    /** As {@link #armCrashPoint(CrashPoint)}; {@code after-commit} waits for a commit through {@code commitIndex}. */
    public void armCrashPoint(CrashPoint point, long commitIndex) {
        crashCommitIndex = commitIndex;
        crashPoint = point;
        nodeLog.info(point == CrashPoint.NONE ? "crash point disarmed" : "crash point " + point.wireName() + " armed"
                + (point == CrashPoint.AFTER_COMMIT && commitIndex > 0 ? " (at a commit through index " + commitIndex + ")" : ""));
    }

    /**
     * Replaces the halt of the process at a crash point; for nodes that share a JVM
     * (tests). The loop stops after running it either way.
     */
    public void onCrash(Runnable action) {
        crash = action;
    }

    /** Compacts the log through the applied index now; completes with {index, term} of the snapshot point. */
    public CompletableFuture<long[]> compactNow() {
        return call(() -> {
            compactThrough(machine.applied());
            return new long[] {log.truncatedIndex(), log.truncatedTerm()};
        });
    }

    /** Completes true on a clean stop, false when the loop died of an error (the process should exit). */
    public CompletableFuture<Boolean> terminated() {
        return terminated;
    }

    private <T> CompletableFuture<T> call(java.util.function.Supplier<T> body) {
        CompletableFuture<T> future = new CompletableFuture<>();
        post(new Call(() -> future.complete(body.get()), future), future);
        return future;
    }

    private CompletableFuture<List<Long>> changeMembership(ConfChangeType type, long nodeId, ByteString context) {
        CompletableFuture<List<Long>> future = new CompletableFuture<>();
        post(new Call(() -> startConfChange(type, nodeId, context, future), future), future);
        return future;
    }

    private void post(Event event, CompletableFuture<?> future) {
        if (!running) {
            future.completeExceptionally(Failures.stopping());
            return;
        }
        events.add(event);
    }

    // ---- the loop ----

    private void run() {
        boolean clean = false;
        try {
            List<Event> batch = new ArrayList<>();
            while (running) {
                Event first = raft.hasReady() ? events.poll() : events.poll(10, TimeUnit.MILLISECONDS);
                if (first != null) {
                    batch.add(first);
                    events.drainTo(batch);
                    for (Event e : batch) handle(e);
                    batch.clear();
                }
                reads.issue(raft, () -> notLeader().toException());
                if (raft.hasReady()) handleReady(raft.ready());
                checkWaiters();
            }
            clean = true;
        } catch (InterruptedException e) {
            clean = true;
        } catch (CrashPointReached e) {
            nodeLog.info("the Ready loop stopped at the crash point");
        } catch (RuntimeException | Error e) {
            nodeLog.info("FATAL: the Ready loop stopped: " + e);
            e.printStackTrace(System.out);
        } finally {
            running = false;
            failEverything();
            terminated.complete(clean);
        }
    }

    private void handle(Event event) {
        if (event instanceof Tick) {
            raft.tick();
            expireWaiters();
        } else if (event instanceof Step s) {
            step(s.message());
        } else if (event instanceof Write w) {
            propose(w);
        } else if (event instanceof Read r) {
            enqueueRead(r);
        } else if (event instanceof Call c) {
            c.action().run();
        } else if (event instanceof Unreachable u) {
            raft.reportUnreachable(u.peer());
        } else if (event instanceof SnapshotSent s) {
            raft.reportSnapshot(s.peer(), s.success());
        } else if (event instanceof Stop) {
            running = false;
        }
    }

    private void step(Message message) {
        try {
            raft.step(message);
        } catch (StorageFailure e) {
            throw e;
        } catch (RuntimeException e) {
            // A stray message (e.g. from a removed peer) must not stop the node.
            nodeLog.info("ignored " + message.getMsgType() + " from n" + message.getFrom() + ": " + e.getMessage());
        }
    }

    private NotLeader notLeader() {
        long leader = role == StateType.LEADER ? 0 : leaderId;
        return new NotLeader(leader, leader == 0 ? null : clientAddressOf.apply(leader));
    }

    private void propose(Write w) {
        if (role != StateType.LEADER) {
            w.future().completeExceptionally(notLeader().toException());
            return;
        }
        long seq = nextSeq++;
        Command command = w.command().setProposer(incarnation).setSeq(seq).build();
        try {
            raft.propose(command.toByteString());
        } catch (ProposalDroppedException e) {
            w.future().completeExceptionally(notLeader().toException());
            return;
        }
        writes.put(seq, new Pending<>(w.future(), term, deadline(settings.requestTimeoutMs())));
        writeIndexes.put(raft.lastIndex(), seq);
    }

    private void enqueueRead(Read r) {
        if (settings.unsafe().staleReads()) {
            // --unsafe-stale-reads: whatever this node has applied, leader or not.
            GetResponse.Builder response = GetResponse.newBuilder();
            machine.get(r.key()).ifPresent(v -> response.setFound(true).setValue(v.toStringUtf8()));
            r.future().complete(response.build());
            return;
        }
        if (role != StateType.LEADER) {
            r.future().completeExceptionally(notLeader().toException());
            return;
        }
        reads.add(r.key(), r.future(), deadline(settings.requestTimeoutMs()));
    }

    private void startConfChange(ConfChangeType type, long nodeId, ByteString context,
            CompletableFuture<List<Long>> future) {
        if (role != StateType.LEADER) {
            future.completeExceptionally(notLeader().toException());
            return;
        }
        if (confChange != null) {
            future.completeExceptionally(Failures.busy("another membership change is in progress; retry later"));
            return;
        }
        try {
            raft.proposeConfChange(ConfChange.newBuilder().setChangeType(type).setNodeId(nodeId).setContext(context).build());
        } catch (ProposalDroppedException e) {
            future.completeExceptionally(Failures.busy("membership change refused: " + e.getMessage()));
            return;
        }
        nodeLog.info("proposed " + type + " n" + nodeId);
        confChange = new PendingConfChange(type, nodeId, new Pending<>(future, term, deadline(settings.requestTimeoutMs())));
    }

    private void startTransfer(long target, CompletableFuture<Long> future) {
        if (role != StateType.LEADER) {
            future.completeExceptionally(notLeader().toException());
            return;
        }
        if (target == id) {
            future.complete(id);
            return;
        }
        if (transfer != null) {
            transfer.pending().future().completeExceptionally(
                    Failures.busy("superseded by a transfer to n" + target));
        }
        raft.transferLeader(target);
        nodeLog.info("transferring leadership to n" + target);
        transfer = new PendingTransfer(target, new Pending<>(future, term, deadline(settings.transferTimeoutMs())));
    }

    // ---- Ready ----

    private void handleReady(Ready rd) {
        if (rd.softState() != null) onSoftState(rd.softState());
        if (rd.hardState() != null && rd.hardState().getTerm() != term) {
            term = rd.hardState().getTerm();
            nodeLog.state(term, roleName(role));
        }
        persist(rd);
        if (crashPoint == CrashPoint.AFTER_COMMIT && !rd.committedEntries().isEmpty()
                && rd.committedEntries().get(rd.committedEntries().size() - 1).getIndex() >= crashCommitIndex) {
            applyCommitted(rd.committedEntries());
            List<Entry> committed = rd.committedEntries();
            Entry last = committed.get(committed.size() - 1);
            halt("after-commit: applied " + committed.get(0).getIndex() + ".." + last.getIndex() + " (last of term "
                    + last.getTerm() + ", now term " + term + ") and answered its clients; " + rd.messages().size()
                    + " messages of this Ready not sent");
        }
        transport.send(rd.messages());
        crashIfArmed(rd.messages());
        applyCommitted(rd.committedEntries());
        reads.confirmed(rd.readStates());
        reads.serve();
        raft.advance(rd);
        maybeCompact();
    }

    private void crashIfArmed(List<Message> sent) {
        if (crashPoint != CrashPoint.AFTER_VOTE_GRANT) return;
        for (Message m : sent) {
            if (m.getMsgType() != MessageType.MSG_REQUEST_VOTE_RESPONSE || m.getReject()) continue;
            halt("after-vote-grant: granted n" + m.getTo() + " the vote in term " + m.getTerm());
        }
    }

    private void halt(String what) {
        nodeLog.info("CRASH POINT " + what + "; halting");
        try {
            // What was sent or answered is on its way in other threads; the loop handles nothing more meanwhile.
            Thread.sleep(CRASH_GRACE_MS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        crash.run();
        throw new CrashPointReached();
    }

    /** Ends the loop where an in-process node (whose crash action returns) was told to crash. */
    private static final class CrashPointReached extends RuntimeException {
        CrashPointReached() {
            super("stopped at a crash point", null, false, false);
        }
    }

    private void onSoftState(SoftState soft) {
        StateType before = role;
        long leaderBefore = leaderId;
        role = soft.state();
        leaderId = soft.leaderId();
        term = raft.term();
        nodeLog.state(term, roleName(role));
        if (role != before) {
            nodeLog.info("became " + roleName(role) + (leaderId != 0 && role != StateType.LEADER ? " (leader n" + leaderId + ")" : ""));
        } else if (leaderId != leaderBefore) {
            nodeLog.info("leader is " + (leaderId == 0 ? "unknown" : "n" + leaderId));
        }
    }

    public static String roleName(StateType state) {
        switch (state) {
            case LEADER: return "leader";
            case CANDIDATE: return "candidate";
            case PRE_CANDIDATE: return "pre-candidate";
            default: return "follower";
        }
    }

    private void persist(Ready rd) {
        boolean snapshot = rd.snapshot() != null && rd.snapshot().getMetadata().getIndex() > 0;
        if (!snapshot && rd.entries().isEmpty() && rd.hardState() == null) return;
        try (WriteBatch batch = new WriteBatch()) {
            if (snapshot) {
                log.installSnapshot(batch, rd.snapshot().getMetadata());
                machine.restore(batch, rd.snapshot());
            }
            log.append(batch, rd.entries());
            if (rd.hardState() != null) log.setHardState(batch, rd.hardState());
            store.write(batch, durable());
        }
        if (settings.unsafe().earlyAck()) acknowledgeAppended(rd.entries());
        if (snapshot) {
            Snapshot s = rd.snapshot();
            nodeLog.info("installed snapshot at index " + s.getMetadata().getIndex() + " term " + s.getMetadata().getTerm()
                    + ", voters " + s.getMetadata().getConfState().getVotersList());
            syncPeerAddresses();
        }
    }

    /**
     * Without --unsafe-lost-fsync every Ready is synced. With it, only one Ready per
     * {@link UnsafeRestart#SYNC_INTERVAL_MS}, which records the index it made durable.
     */
    private boolean durable() {
        if (!settings.unsafe().lostFsync()) return true;
        long now = System.nanoTime();
        if (now - lastSimulatedSync < TimeUnit.MILLISECONDS.toNanos(UnsafeRestart.SYNC_INTERVAL_MS)) return false;
        lastSimulatedSync = now;
        try (WriteBatch mark = new WriteBatch()) {
            UnsafeRestart.markSynced(store, mark, log.lastIndex());
            store.write(mark, true);
        }
        return true;
    }

    /** --unsafe-early-ack: a Put of ours is answered as soon as the leader has appended it. */
    private void acknowledgeAppended(List<Entry> entries) {
        if (role != StateType.LEADER) return;
        for (Entry entry : entries) {
            if (entry.getEntryType() != EntryType.ENTRY_NORMAL || entry.getData().isEmpty()) continue;
            Command command = parseCommand(entry);
            if (command.getProposer() != incarnation || command.getOpCase() != Command.OpCase.PUT) continue;
            Pending<com.google.protobuf.Message> pending = writes.remove(command.getSeq());
            if (pending != null) pending.future().complete(io.faultline.kv.api.PutResponse.getDefaultInstance());
        }
    }

    private void applyCommitted(List<Entry> entries) {
        if (entries.isEmpty()) return;
        List<Runnable> answers = new ArrayList<>();
        boolean membershipChanged = false;
        try (Apply apply = machine.begin()) {
            for (Entry entry : entries) {
                if (entry.getIndex() <= machine.applied()) continue;
                Long proposedHere = writeIndexes.remove(entry.getIndex());
                if (entry.getEntryType() == EntryType.ENTRY_CONF_CHANGE) {
                    applyConfChange(entry, apply, answers);
                    membershipChanged = true;
                } else if (!entry.getData().isEmpty()) {
                    Command command = parseCommand(entry);
                    com.google.protobuf.Message result = apply.execute(command);
                    if (command.getProposer() == incarnation) {
                        Pending<com.google.protobuf.Message> pending = writes.remove(command.getSeq());
                        if (pending != null) answers.add(() -> pending.future().complete(result));
                        if (proposedHere != null && proposedHere == command.getSeq()) proposedHere = null;
                    }
                }
                if (proposedHere != null) {
                    // Our write was at this index and another entry committed there: it never will.
                    Pending<com.google.protobuf.Message> lost = writes.remove(proposedHere);
                    long index = entry.getIndex();
                    if (lost != null) answers.add(() -> lost.future().completeExceptionally(
                            Failures.busy("not committed: log index " + index + " went to another entry; safe to retry")));
                }
                apply.applied(entry.getIndex());
            }
            apply.commit();
        }
        if (membershipChanged) syncPeerAddresses();
        answers.forEach(Runnable::run);
    }

    private static Command parseCommand(Entry entry) {
        try {
            return Command.parseFrom(entry.getData());
        } catch (InvalidProtocolBufferException e) {
            throw new IllegalStateException("log entry " + entry.getIndex() + " is not a command: corrupt", e);
        }
    }

    private void applyConfChange(Entry entry, Apply apply, List<Runnable> answers) {
        ConfChange cc;
        try {
            cc = ConfChange.parseFrom(entry.getData());
        } catch (InvalidProtocolBufferException e) {
            throw new IllegalStateException("log entry " + entry.getIndex() + " is not a conf change: corrupt", e);
        }
        ConfState state = raft.applyConfChange(cc);
        log.setConfState(apply.batch(), state);
        if (cc.getChangeType() == ConfChangeType.ADD_NODE) {
            try {
                Member member = cc.getContext().isEmpty() ? Member.newBuilder().setId(cc.getNodeId()).build()
                        : Member.parseFrom(cc.getContext());
                apply.addMember(member);
            } catch (InvalidProtocolBufferException e) {
                throw new IllegalStateException("conf change at " + entry.getIndex() + " has an unreadable member", e);
            }
        } else {
            apply.removeMember(cc.getNodeId());
        }
        nodeLog.info("applied " + cc.getChangeType() + " n" + cc.getNodeId() + " at index " + entry.getIndex()
                + "; voters " + state.getVotersList());
        PendingConfChange waiting = confChange;
        if (waiting != null && waiting.type() == cc.getChangeType() && waiting.nodeId() == cc.getNodeId()) {
            confChange = null;
            List<Long> voters = List.copyOf(state.getVotersList());
            answers.add(() -> waiting.pending().future().complete(voters));
        }
    }

    private void syncPeerAddresses() {
        for (Member m : machine.members().values()) {
            if (!m.getPeerAddress().isEmpty()) transport.setAddress(m.getId(), m.getPeerAddress());
        }
    }

    private void maybeCompact() {
        long applied = machine.applied();
        if (applied - log.truncatedIndex() <= settings.snapshotThreshold()) return;
        // Keep a tail so a follower a little behind catches up from the log, not a snapshot.
        long keep = Math.min(1000, settings.snapshotThreshold() / 5);
        compactThrough(applied - keep);
    }

    private void compactThrough(long index) {
        if (index <= log.truncatedIndex()) return;
        try (WriteBatch batch = new WriteBatch()) {
            log.compact(batch, index);
            store.write(batch, false);
        }
        nodeLog.info("compacted the log through index " + index + " (term " + log.truncatedTerm() + ")");
    }

    // ---- waiters ----

    /**
     * Fails what can no longer succeed here. A write is not among them: proposed in an
     * earlier term, it may still commit under a later leader (even this node, re-elected),
     * so it waits for its index to apply (answered then, one way or the other) or for
     * its deadline.
     */
    private void checkWaiters() {
        boolean leading = role == StateType.LEADER;
        if (!leading) {
            // Not confirmed, and reads change nothing: a definite failure, safe to redirect.
            reads.failUnconfirmed(notLeader().toException());
        }
        if (confChange != null && (!leading || confChange.pending().term() != term)) {
            confChange.pending().future().completeExceptionally(
                    Failures.outcomeUnknown("leadership lost before the membership change applied"));
            confChange = null;
        }
        if (transfer != null && leaderId == transfer.target()) {
            long target = transfer.target();
            transfer.pending().future().complete(target);
            transfer = null;
        }
    }

    private void expireWaiters() {
        long now = System.nanoTime();
        for (Iterator<Pending<com.google.protobuf.Message>> it = writes.values().iterator(); it.hasNext(); ) {
            Pending<com.google.protobuf.Message> p = it.next();
            if (!p.expired(now)) break; // insertion order is deadline order
            it.remove();
            p.future().completeExceptionally(Failures.timedOut("write", settings.requestTimeoutMs()));
        }
        reads.expire(now, () -> Failures.timedOut("read", settings.requestTimeoutMs()));
        if (confChange != null && confChange.pending().expired(now)) {
            confChange.pending().future().completeExceptionally(
                    Failures.timedOut("membership change", settings.requestTimeoutMs()));
            confChange = null;
        }
        if (transfer != null && transfer.pending().expired(now)) {
            transfer.pending().future().completeExceptionally(
                    Failures.timedOut("leadership transfer to n" + transfer.target(), settings.transferTimeoutMs()));
            transfer = null;
        }
    }

    private void failEverything() {
        RuntimeException error = Failures.stopping();
        writes.values().forEach(p -> p.future().completeExceptionally(Failures.outcomeUnknown("node stopped")));
        writes.clear();
        reads.failAll(error);
        if (confChange != null) confChange.pending().future().completeExceptionally(error);
        if (transfer != null) transfer.pending().future().completeExceptionally(error);
        Event e;
        while ((e = events.poll()) != null) {
            if (e instanceof Write w) w.future().completeExceptionally(error);
            else if (e instanceof Read r) r.future().completeExceptionally(error);
            else if (e instanceof Call c) c.future().completeExceptionally(error);
        }
    }

    private static long deadline(long ms) {
        return System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(ms);
    }

    private StatusResponse buildStatus() {
        io.faultline.raft.Status s = raft.status();
        return StatusResponse.newBuilder()
                .setId(id).setTerm(s.term()).setRole(roleName(s.state())).setLeaderId(s.lead())
                .setCommitIndex(s.commit()).setAppliedIndex(machine.applied())
                .addAllVoters(log.confState().getVotersList())
                .setLastSnapshotIndex(log.truncatedIndex())
                .setLastIndex(log.lastIndex()).setFirstIndex(log.firstIndex())
                .addAllUnsafeFlags(settings.unsafe().names())
                .setCrashPoint(crashPoint.wireName())
                .build();
    }

    /** Stops the loop after what is queued; waits for it. */
    @Override
    public void close() {
        events.add(new Stop());
        try {
            thread.join(10_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
