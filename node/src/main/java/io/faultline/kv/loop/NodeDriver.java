package io.faultline.kv.loop;

import io.faultline.kv.config.PlantedBug;
import com.google.protobuf.ByteString;
import io.faultline.kv.log.NodeLog;
import io.faultline.kv.api.GetResponse;
import io.faultline.kv.api.NotLeader;
import io.faultline.kv.api.PutResponse;
import io.faultline.kv.api.Served;
import io.faultline.kv.api.StatusResponse;
import io.faultline.kv.peer.Command;
import io.faultline.kv.peer.Member;
import io.faultline.kv.peer.Members;
import io.faultline.kv.sm.KvStateMachine;
import io.faultline.kv.storage.Disk;
import io.faultline.kv.storage.DiskBatch;
import io.faultline.kv.storage.DiskRaftStorage;
import io.faultline.kv.storage.StorageFailure;
import io.faultline.raft.SafetyViolation;
import io.faultline.raft.ProposalDroppedException;
import io.faultline.raft.RawNode;
import io.faultline.raft.Ready;
import io.faultline.raft.SoftState;
import io.faultline.raft.StateType;
import io.faultline.raft.pb.ConfChange;
import io.faultline.raft.pb.ConfChangeSingle;
import io.faultline.raft.pb.ConfChangeType;
import io.faultline.raft.pb.ConfChangeV2;
import io.faultline.raft.pb.Entry;
import io.faultline.raft.pb.EntryType;
import io.faultline.raft.pb.HardState;
import io.faultline.raft.pb.Message;
import io.faultline.raft.pb.Snapshot;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.LongFunction;

/**
 * The node above the Raft core, as one single-threaded state machine: it takes
 * events (ticks, peer messages, client requests) and handles each Ready in the
 * contract's order: persist, send, apply, answer, advance. It starts no thread and
 * reads no clock of its own: time, the disk and the peer transport are injected, so
 * production ({@link RaftLoop}: a thread, RocksDB, gRPC) and the simulator (virtual
 * time, an in-memory disk, a simulated network) run the same code.
 *
 * <p>Not thread-safe: one caller at a time (the loop thread, or the simulator);
 * only {@link #armCrashPoint} may be called from elsewhere.
 */
public final class NodeDriver {
    /** A sender retrying a refused message: one log line, then one per this many repeats. */
    private static final int VIOLATION_REPEATS_PER_LINE = 100;

    private final long id;
    private final RawNode raft;
    private final Disk disk;
    private final DiskRaftStorage log;
    private final KvStateMachine machine;
    private final PeerSender sender;
    private final NodeLog nodeLog;
    /** The last safety violation logged, to fold the repeats of a sender that keeps retrying. */
    private String lastViolation;
    private int violationRepeats;
    private final LoopSettings settings;
    private final LongFunction<String> clientAddressOf;
    private final Clock clock;
    private final WriteWaiters writes;
    private final Proposals proposals = new Proposals();
    private final LinearizableReads reads;
    private final AdminRequests admin;
    private final CrashPoints crashPoints = new CrashPoints();
    private final ReadyPersister persister;
    private final EntryApplier applier;
    private volatile Runnable crash = () -> {};

    private StateType role = StateType.FOLLOWER;
    private long leaderId;
    private long term;
    private Served served;

    public NodeDriver(long id, RawNode raft, Disk disk, DiskRaftStorage log, KvStateMachine machine, PeerSender sender,
            NodeLog nodeLog, LoopSettings settings, LongFunction<String> clientAddressOf, long incarnation, Clock clock) {
        this.id = id;
        this.raft = raft;
        this.disk = disk;
        this.log = log;
        this.machine = machine;
        this.sender = sender;
        this.nodeLog = nodeLog;
        this.settings = settings;
        this.clientAddressOf = clientAddressOf;
        this.clock = clock;
        this.writes = new WriteWaiters(incarnation);
        this.reads = new LinearizableReads(incarnation, machine);
        this.admin = new AdminRequests(settings.requestTimeoutMs(), settings.transferTimeoutMs());
        this.persister = new ReadyPersister(disk, log, machine,
                settings.unsafe().has(PlantedBug.LOST_FSYNC) ? SyncPolicy.lostFsync(clock) : SyncPolicy.MUST_SYNC);
        this.applier = new EntryApplier(raft, log, machine, writes, admin, nodeLog, this::syncPeerAddresses);
        this.term = raft.term();
    }

    // ---- events ----

    public void tick() {
        raft.tick();
        long now = clock.nanos();
        writes.expire(now, () -> Failures.timedOut("write", settings.requestTimeoutMs()));
        reads.expire(now, () -> Failures.timedOut("read", settings.requestTimeoutMs()));
        admin.expire(now);
    }

    public void step(Message message) {
        try {
            raft.step(message);
        } catch (StorageFailure e) {
            throw e;
        } catch (SafetyViolation e) {
            String line = NodeLog.SAFETY_VIOLATION + ": refused " + message.getMsgType() + " from n" + message.getFrom()
                    + " of term " + message.getTerm() + ": " + e.getMessage();
            // The sender retries every heartbeat: one line, then one per hundred repeats.
            if (line.equals(lastViolation)) {
                if (++violationRepeats % VIOLATION_REPEATS_PER_LINE == 0) {
                    nodeLog.info(line + " (" + VIOLATION_REPEATS_PER_LINE + " more times)");
                }
            } else {
                lastViolation = line;
                violationRepeats = 0;
                nodeLog.info(line);
            }
        } catch (RuntimeException e) {
            // A stray message (e.g. from a removed peer) must not stop the node.
            nodeLog.info("ignored " + message.getMsgType() + " from n" + message.getFrom() + ": " + e.getMessage());
        }
    }

    public void reportUnreachable(long peer) {
        raft.reportUnreachable(peer);
    }

    public void reportSnapshot(long peer, boolean success) {
        raft.reportSnapshot(peer, success);
    }

    /** Proposes a client write; {@code future} completes with its answer once its index applies. */
    public void write(Command.Builder command, CompletableFuture<com.google.protobuf.Message> future) {
        if (role != StateType.LEADER) {
            future.completeExceptionally(notLeader().toException());
            return;
        }
        proposals.add(writes.stamp(command), new Pending<>(future, term, deadline(settings.requestTimeoutMs())));
    }

    /** Proposes the writes taken since the last Ready as one batch; they get consecutive indexes. */
    private void proposeQueued() {
        if (proposals.isEmpty()) return;
        List<ByteString> payloads = proposals.payloads();
        List<Proposals.Proposal> batch = proposals.drain();
        try {
            raft.proposeBatch(payloads);
        } catch (ProposalDroppedException e) {
            RuntimeException notLeader = notLeader().toException();
            for (Proposals.Proposal p : batch) p.pending().future().completeExceptionally(notLeader);
            return;
        }
        long index = raft.lastIndex() - batch.size();
        for (Proposals.Proposal p : batch) writes.proposed(p.command(), ++index, p.pending());
    }

    /** A linearizable read through ReadIndex (or, with --unsafe-stale-reads, whatever is applied here). */
    public void read(ByteString key, CompletableFuture<GetResponse> future) {
        if (settings.unsafe().has(PlantedBug.STALE_READS)) {
            future.complete(localRead(key));
            return;
        }
        if (role != StateType.LEADER) {
            future.completeExceptionally(notLeader().toException());
            return;
        }
        reads.add(key, future, deadline(settings.requestTimeoutMs()));
    }

    /**
     * The term and leader this node knows now (kv.proto Served), which every KV answer
     * carries; rebuilt only when either changes, as answers are built on this thread.
     */
    private Served served() {
        long leader = role == StateType.LEADER ? id : leaderId;
        if (served == null || served.getTerm() != term || served.getLeaderId() != leader) {
            served = Served.newBuilder().setTerm(term).setLeaderId(leader).build();
        }
        return served;
    }

    private GetResponse localRead(ByteString key) {
        GetResponse.Builder response = GetResponse.newBuilder().setServed(served());
        machine.get(key).ifPresent(v -> response.setFound(true).setValue(v.toStringUtf8()));
        return response.build();
    }

    public void addMember(Member member, CompletableFuture<List<Long>> future) {
        changeMembership(ConfChangeType.ADD_NODE, member.getId(), member.toByteString(), future);
    }

    public void removeMember(long nodeId, CompletableFuture<List<Long>> future) {
        changeMembership(ConfChangeType.REMOVE_NODE, nodeId, ByteString.EMPTY, future);
    }

    /**
     * Replaces voter {@code removeId} by {@code member} in one change through a joint
     * configuration, left by this leader once applied; answers with the voters after it.
     */
    public void replaceMember(long removeId, Member member, CompletableFuture<List<Long>> future) {
        io.faultline.raft.Status s = raft.status();
        if (role == StateType.LEADER && !s.voters().contains(removeId)) {
            future.completeExceptionally(Failures.invalid("n" + removeId + " is not a voter (voters " + s.voters() + ")"));
            return;
        }
        if (role == StateType.LEADER && s.voters().contains(member.getId())) {
            future.completeExceptionally(Failures.invalid("n" + member.getId() + " is already a voter"));
            return;
        }
        ConfChangeV2 cc = ConfChangeV2.newBuilder()
                .addChanges(ConfChangeSingle.newBuilder().setChangeType(ConfChangeType.ADD_NODE).setNodeId(member.getId()))
                .addChanges(ConfChangeSingle.newBuilder().setChangeType(ConfChangeType.REMOVE_NODE).setNodeId(removeId))
                .setContext(Members.newBuilder().addMembers(member).build().toByteString())
                .build();
        changeMembership("replace n" + removeId + " by n" + member.getId(), () -> raft.proposeConfChange(cc), true, future);
    }

    private void changeMembership(ConfChangeType type, long nodeId, ByteString context, CompletableFuture<List<Long>> future) {
        ConfChange cc = ConfChange.newBuilder().setChangeType(type).setNodeId(nodeId).setContext(context).build();
        changeMembership(type + " n" + nodeId, () -> raft.proposeConfChange(cc), false, future);
    }

    private void changeMembership(String what, Runnable propose, boolean joint, CompletableFuture<List<Long>> future) {
        if (role != StateType.LEADER) {
            future.completeExceptionally(notLeader().toException());
            return;
        }
        if (admin.confChangeInProgress()) {
            future.completeExceptionally(Failures.busy("another membership change is in progress; retry later"));
            return;
        }
        try {
            propose.run();
        } catch (ProposalDroppedException e) {
            future.completeExceptionally(Failures.busy("membership change refused: " + e.getMessage()));
            return;
        }
        nodeLog.info("proposed " + what);
        admin.confChangeProposed(raft.lastIndex(), joint, new Pending<>(future, term, deadline(settings.requestTimeoutMs())));
    }

    /** Completes with the new leader id once {@code target} leads. */
    public void transferLeader(long target, CompletableFuture<Long> future) {
        if (role != StateType.LEADER) {
            future.completeExceptionally(notLeader().toException());
            return;
        }
        if (target == id) {
            future.complete(id);
            return;
        }
        raft.transferLeader(target);
        nodeLog.info("transferring leadership to n" + target);
        admin.transferStarted(target, new Pending<>(future, term, deadline(settings.transferTimeoutMs())));
    }

    /** Compacts the log through the applied index now; returns {index, term} of the snapshot point. */
    public long[] compactNow() {
        compactThrough(machine.applied());
        return new long[] {log.truncatedIndex(), log.truncatedTerm()};
    }

    /** Arms {@code point} (any thread); the node crashes when it next reaches it. */
    public void armCrashPoint(CrashPoint point, long commitIndex) {
        crashPoints.arm(point, commitIndex);
        nodeLog.info(point == CrashPoint.NONE ? "crash point disarmed" : "crash point " + point.wireName() + " armed"
                + (point == CrashPoint.AFTER_COMMIT && commitIndex > 0 ? " (at a commit through index " + commitIndex + ")" : ""));
    }

    /** What a crash point does before the driver stops with {@link CrashPointReached}. */
    public void onCrash(Runnable action) {
        crash = action;
    }

    public StatusResponse status() {
        io.faultline.raft.Status s = raft.status();
        return StatusResponse.newBuilder()
                .setId(id).setTerm(s.term()).setRole(roleName(s.state())).setLeaderId(s.lead())
                .setCommitIndex(s.commit()).setAppliedIndex(machine.applied())
                .addAllVoters(log.confState().getVotersList())
                .setLastSnapshotIndex(log.truncatedIndex())
                .setLastIndex(log.lastIndex()).setFirstIndex(log.firstIndex())
                .addAllUnsafeFlags(settings.unsafe().names())
                .setCrashPoint(crashPoints.armed().wireName())
                .build();
    }

    /** The commit index as persisted with the log (the in-memory one may run ahead of the log on disk). */
    public long durableCommit() {
        return log.hardState().getCommit();
    }

    /** The term of the log entry at {@code index} on disk, or -1 when it is compacted away or not there. */
    public long logTerm(long index) {
        if (index <= log.truncatedIndex() || index > log.lastIndex()) return index == log.truncatedIndex() ? log.truncatedTerm() : -1;
        return log.term(index);
    }

    /** The Raft core's own picture (with per-peer progress on a leader), for evidence of a stall. */
    public io.faultline.raft.Status raftStatus() {
        return raft.status();
    }

    // ---- the Ready ----

    /** True when Raft has something to persist, send or apply, or reads are waiting to be issued. */
    public boolean hasWork() {
        return raft.hasReady() || reads.hasCollecting() || !proposals.isEmpty();
    }

    /** Issues collected reads, handles one Ready if there is one, then settles waiters. */
    public void process() {
        proposeQueued();
        reads.issue(raft, () -> notLeader().toException());
        if (raft.hasReady()) handleReady(raft.ready());
        checkWaiters();
    }

    private void handleReady(Ready rd) {
        if (rd.softState() != null) onSoftState(rd.softState());
        if (rd.hardState() != null && rd.hardState().getTerm() != term) {
            term = rd.hardState().getTerm();
            nodeLog.state(term, roleName(role));
        }
        // --unsafe-early-ack: answered once appended in memory, before any write or send.
        if (settings.unsafe().has(PlantedBug.EARLY_ACK)) acknowledgeAppended(rd.entries());
        HardState durable = log.hardState();
        // An armed after-commit crash keeps all of the Ready's messages back, early ones too.
        String afterCommit = crashPoints.afterCommit(rd, term);
        List<Message> late = afterCommit == null ? sendEarly(rd, durable) : rd.messages();
        if (persister.persist(rd, durable)) {
            Snapshot s = rd.snapshot();
            nodeLog.info("installed snapshot at index " + s.getMetadata().getIndex() + " term " + s.getMetadata().getTerm()
                    + ", voters " + s.getMetadata().getConfState().getVotersList());
            syncPeerAddresses();
        }
        if (afterCommit != null) {
            applier.apply(rd.committedEntries(), served());
            halt(afterCommit);
        }
        sender.send(late);
        String afterVote = crashPoints.afterVoteGrant(late);
        if (afterVote != null) halt(afterVote);
        applier.apply(rd.committedEntries(), served());
        reads.confirmed(rd.readStates());
        reads.serve(served());
        raft.advance(rd);
        maybeCompact();
    }

    /** Sends what {@link SyncPolicy#mayLeaveBeforeSync} lets go before the sync; returns the rest. */
    private List<Message> sendEarly(Ready rd, HardState durable) {
        List<Message> all = rd.messages();
        boolean leads = role == StateType.LEADER;
        if (!leads || all.isEmpty()) return all;
        List<Message> early = new ArrayList<>(all.size());
        List<Message> late = new ArrayList<>(0);
        for (Message m : all) (SyncPolicy.mayLeaveBeforeSync(m, true, rd, durable) ? early : late).add(m);
        if (!early.isEmpty()) sender.send(early);
        return late;
    }

    private void halt(String what) {
        nodeLog.info("CRASH POINT " + what + "; halting");
        crash.run();
        throw new CrashPointReached();
    }

    /** Thrown out of {@link #process} at a crash point: the node must handle nothing more. */
    public static final class CrashPointReached extends RuntimeException {
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

    /** --unsafe-early-ack: a Put of ours is answered as soon as the leader has appended it. */
    private void acknowledgeAppended(List<Entry> entries) {
        if (role != StateType.LEADER) return;
        for (Entry entry : entries) {
            if (entry.getEntryType() != EntryType.ENTRY_NORMAL || entry.getData().isEmpty()) continue;
            Command command = EntryApplier.parseCommand(entry);
            if (command.getOpCase() != Command.OpCase.PUT) continue;
            Pending<com.google.protobuf.Message> pending = writes.take(command);
            if (pending != null) pending.future().complete(PutResponse.getDefaultInstance());
        }
    }

    private void syncPeerAddresses() {
        for (Member m : machine.members().values()) {
            if (!m.getPeerAddress().isEmpty()) sender.setAddress(m.getId(), m.getPeerAddress());
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
        DiskBatch batch = new DiskBatch();
        log.compact(batch, index);
        disk.write(batch, false);
        nodeLog.info("compacted the log through index " + index + " (term " + log.truncatedTerm() + ")");
    }

    // ---- waiters ----

    private NotLeader notLeader() {
        long leader = role == StateType.LEADER ? 0 : leaderId;
        return new NotLeader(leader, leader == 0 ? null : clientAddressOf.apply(leader));
    }

    /**
     * Fails what can no longer succeed here. A write is not among them: proposed in an
     * earlier term, it may still commit under a later leader (even this node, re-elected),
     * so it waits for its index to apply (answered then, one way or the other) or for
     * its deadline.
     */
    private void checkWaiters() {
        boolean leading = role == StateType.LEADER;
        // Not confirmed, and reads change nothing: a definite failure, safe to redirect.
        if (!leading) reads.failUnconfirmed(notLeader().toException());
        admin.check(leading, term, leaderId);
    }

    /** Fails every waiting request: the node stops (writes may still take effect: outcome unknown). */
    public void failEverything() {
        RuntimeException error = Failures.stopping();
        for (Proposals.Proposal p : proposals.drain()) p.pending().future().completeExceptionally(error);
        writes.failAll(Failures.outcomeUnknown("node stopped"));
        reads.failAll(error);
        admin.failAll(error);
    }

    private long deadline(long ms) {
        return clock.nanos() + TimeUnit.MILLISECONDS.toNanos(ms);
    }
}
