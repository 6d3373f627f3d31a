package io.faultline.raft;

import com.google.protobuf.ByteString;
import io.faultline.raft.pb.ConfChange;
import io.faultline.raft.pb.ConfChangeV2;
import io.faultline.raft.pb.ConfState;
import io.faultline.raft.pb.Entry;
import io.faultline.raft.pb.EntryType;
import io.faultline.raft.pb.HardState;
import io.faultline.raft.pb.Message;
import io.faultline.raft.pb.MessageType;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The application's handle on one Raft node. Not thread-safe: drive it from one thread.
 *
 * <p>Loop: feed it {@link #tick()}s, network messages ({@link #step}) and client
 * requests ({@link #propose}, {@link #readIndex}); whenever {@link #hasReady()},
 * take a {@link Ready}, handle it in the order its javadoc gives, then
 * {@link #advance(Ready)}.
 */
public final class RawNode {

    private final Raft raft;
    private SoftState prevSoftState;
    private HardState prevHardState;

    /** A node whose membership comes from {@code config.storage()}'s ConfState. */
    public RawNode(RaftConfig config) {
        this(config, List.of());
    }

    /**
     * A node of a brand-new cluster of {@code peers} (storage must hold no voters).
     * The application must persist that membership itself, e.g. with
     * {@link MemoryStorage#setConfState}, or a restart will not know it.
     */
    public RawNode(RaftConfig config, List<Long> peers) {
        this.raft = new Raft(config, peers);
        this.prevSoftState = raft.softState();
        this.prevHardState = raft.hardState();
    }

    /** Advances logical time by one tick (elections, heartbeats, CheckQuorum). */
    public void tick() {
        raft.tick();
    }

    /** Starts an election now (with a pre-vote round if enabled). */
    public void campaign() {
        raft.step(local(MessageType.MSG_HUP).build());
    }

    /**
     * Appends {@code data} as a new entry on this leader.
     *
     * @throws ProposalDroppedException if this node is not leader or is transferring leadership
     */
    public void propose(ByteString data) {
        raft.step(local(MessageType.MSG_PROPOSE)
                .addEntries(Entry.newBuilder().setData(data))
                .build());
    }

    /**
     * Appends several entries at once (one message, one broadcast).
     *
     * @throws ProposalDroppedException as {@link #propose(ByteString)}
     */
    public void proposeBatch(List<ByteString> data) {
        if (data.isEmpty()) {
            return;
        }
        Message.Builder m = local(MessageType.MSG_PROPOSE);
        for (ByteString d : data) {
            m.addEntries(Entry.newBuilder().setData(d));
        }
        raft.step(m.build());
    }

    /**
     * Proposes a membership change; apply it with {@link #applyConfChange} once it is committed.
     *
     * @throws ProposalDroppedException if not leader, or another conf change is not applied yet
     */
    public void proposeConfChange(ConfChange cc) {
        raft.step(local(MessageType.MSG_PROPOSE)
                .addEntries(Entry.newBuilder().setEntryType(EntryType.ENTRY_CONF_CHANGE).setData(cc.toByteString()))
                .build());
    }

    /** Applies a committed conf change and returns the new membership (persist it). */
    public ConfState applyConfChange(ConfChange cc) {
        return raft.applyConfChange(cc);
    }

    /**
     * Proposes several membership changes at once. One voter changing (transition AUTO)
     * is a single step; more, or an explicit JOINT transition, enter a joint configuration
     * in which every decision needs a majority of the old and of the new voters. With
     * AUTO or JOINT_IMPLICIT the leader leaves it by itself once it is applied; with
     * JOINT_EXPLICIT propose an empty ConfChangeV2 to leave it. The entry's type is
     * {@code ENTRY_CONF_CHANGE_V2}; apply it with {@link #applyConfChange(ConfChangeV2)}.
     *
     * @throws ProposalDroppedException if not leader, another conf change is not applied yet,
     *     or the change cannot follow the current configuration (e.g. a change while joint)
     */
    public void proposeConfChange(ConfChangeV2 cc) {
        raft.step(local(MessageType.MSG_PROPOSE)
                .addEntries(Entry.newBuilder().setEntryType(EntryType.ENTRY_CONF_CHANGE_V2).setData(cc.toByteString()))
                .build());
    }

    /**
     * Applies the committed conf change entry {@code e} of either type ({@code ENTRY_CONF_CHANGE}
     * or {@code ENTRY_CONF_CHANGE_V2}) and returns the new membership (persist it).
     *
     * @throws IllegalArgumentException if {@code e} is no conf change or does not parse
     */
    public ConfState applyConfChange(Entry e) {
        if (!Raft.isConfChange(e)) {
            throw new IllegalArgumentException("entry " + e.getIndex() + " is no conf change: " + e.getEntryType());
        }
        return raft.applyConfChange(Raft.toV2(e));
    }

    /** Applies a committed {@code ENTRY_CONF_CHANGE_V2} and returns the new membership (persist it). */
    public ConfState applyConfChange(ConfChangeV2 cc) {
        return raft.applyConfChange(cc);
    }

    /**
     * Feeds a message received from a peer. Messages from unknown peers that answer
     * something (responses), local-only message types and messages of an older term
     * are dropped silently: the network may deliver anything late.
     */
    public void step(Message m) {
        if (isLocalOnly(m.getMsgType())) {
            return;
        }
        if (isResponse(m.getMsgType()) && !raft.prs.containsKey(m.getFrom())) {
            return;
        }
        try {
            raft.step(m);
        } catch (ProposalDroppedException e) {
            // A forwarded request (read index, transfer) reached a node that cannot serve it: drop.
        }
    }

    /**
     * Asks for a linearizable read point. When leadership is confirmed a
     * {@link ReadState} with the same {@code context} appears in a {@link Ready};
     * serve the read once applied ≥ its index. Use a unique context per request.
     *
     * @throws ProposalDroppedException if there is no known leader
     */
    public void readIndex(ByteString context) {
        raft.step(local(MessageType.MSG_READ_INDEX).setContext(context).build());
    }

    /** Asks the leader to hand leadership to {@code to} (proposals are refused meanwhile). */
    public void transferLeader(long to) {
        raft.step(local(MessageType.MSG_TRANSFER_LEADER).setFrom(to).build());
    }

    /** The application could not send to {@code id}: replicate to it by probing again. */
    public void reportUnreachable(long id) {
        raft.step(local(MessageType.MSG_UNREACHABLE).setFrom(id).build());
    }

    /**
     * Reports how sending a snapshot to {@code id} ended. Every {@code MSG_SNAPSHOT} in
     * {@link Ready#messages()} must be reported, delivered or not: until then the
     * leader keeps replication to that peer paused.
     */
    public void reportSnapshot(long id, boolean ok) {
        raft.step(local(MessageType.MSG_SNAPSHOT_STATUS).setFrom(id).setReject(!ok).build());
    }

    public boolean hasReady() {
        RaftLog log = raft.raftLog;
        // Compared field by field: hasReady runs on every loop turn and must not allocate.
        return raft.lead != prevSoftState.leaderId()
                || raft.state != prevSoftState.state()
                || raft.term != prevHardState.getTerm()
                || raft.vote != prevHardState.getVote()
                || log.committed() != prevHardState.getCommit()
                || log.pendingSnapshot() != null
                || !raft.msgs.isEmpty()
                || log.stabled() < log.lastIndex()
                || log.hasNextEnts()
                || !raft.readStates.isEmpty();
    }

    /**
     * The work accumulated since the last {@link #advance}. Messages and read states
     * are handed over once; entries stay "unstable" until {@code advance}.
     */
    public Ready ready() {
        RaftLog log = raft.raftLog;
        SoftState soft = raft.softState();
        HardState hard = raft.hardState();
        Ready rd = new Ready(
                soft.equals(prevSoftState) ? null : soft,
                hard.equals(prevHardState) ? null : hard,
                log.unstableEntries(),
                log.pendingSnapshot(),
                // bounded, so a long backlog (e.g. after a restart) is applied over several Readies
                log.hasNextEnts() ? log.nextEnts(raft.maxMsgSize) : List.of(),
                raft.msgs,
                raft.readStates);
        raft.msgs = new ArrayList<>();
        raft.readStates = new ArrayList<>();
        return rd;
    }

    /** The application handled {@code rd}: its entries are stable and its committed entries applied. */
    public void advance(Ready rd) {
        RaftLog log = raft.raftLog;
        if (rd.softState() != null) {
            prevSoftState = rd.softState();
        }
        if (rd.hardState() != null) {
            prevHardState = rd.hardState();
        }
        if (rd.snapshot() != null) {
            log.stableSnapTo(rd.snapshot().getMetadata().getIndex());
        }
        if (!rd.entries().isEmpty()) {
            Entry last = rd.entries().get(rd.entries().size() - 1);
            log.stableTo(last.getIndex(), last.getTerm());
        }
        if (!rd.committedEntries().isEmpty()) {
            raft.appliedTo(rd.committedEntries().get(rd.committedEntries().size() - 1).getIndex());
        }
        log.maybeCompact();
    }

    public Status status() {
        Map<Long, Status.PeerProgress> progress = new TreeMap<>();
        if (raft.state == StateType.LEADER) {
            raft.prs.forEach((id, p) -> progress.put(id,
                    new Status.PeerProgress(p.match, p.next, p.state, p.isPaused(), p.recentActive)));
        }
        return new Status(raft.id, raft.term, raft.vote, raft.raftLog.committed(), raft.raftLog.applied(),
                raft.lead, raft.state, List.copyOf(raft.membership.voters), List.copyOf(raft.membership.outgoing),
                List.copyOf(raft.membership.learners), raft.leadTransferee, progress);
    }

    public long lastIndex() {
        return raft.raftLog.lastIndex();
    }

    public long firstIndex() {
        return raft.raftLog.firstIndex();
    }

    public long term() {
        return raft.term;
    }

    public long leaderId() {
        return raft.lead;
    }

    public StateType state() {
        return raft.state;
    }

    /** Internals for tests and the simulator in this package. */
    Raft raft() {
        return raft;
    }

    private Message.Builder local(MessageType t) {
        return Message.newBuilder().setMsgType(t).setTo(raft.id).setFrom(raft.id);
    }

    private static boolean isLocalOnly(MessageType t) {
        return t == MessageType.MSG_HUP || t == MessageType.MSG_BEAT || t == MessageType.MSG_UNREACHABLE
                || t == MessageType.MSG_SNAPSHOT_STATUS || t == MessageType.MSG_CHECK_QUORUM
                || t == MessageType.MSG_PROPOSE;
    }

    private static boolean isResponse(MessageType t) {
        return t == MessageType.MSG_APPEND_RESPONSE || t == MessageType.MSG_REQUEST_VOTE_RESPONSE
                || t == MessageType.MSG_REQUEST_PRE_VOTE_RESPONSE || t == MessageType.MSG_HEARTBEAT_RESPONSE
                || t == MessageType.MSG_READ_INDEX_RESPONSE;
    }
}
