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
import io.faultline.raft.pb.Snapshot;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;

/**
 * The Raft state machine of one node: no threads, no I/O, no clock. Time moves only
 * through {@link #tick()}, input arrives through {@link #step(Message)}, output
 * accumulates in {@link #msgs} and {@link #readStates} for {@link RawNode} to hand
 * out in a {@link Ready}.
 */
final class Raft {

    static final long NONE = 0;
    /** Context of a vote request sent on a leader's TimeoutNow: bypasses the lease. */
    static final ByteString CAMPAIGN_TRANSFER = ByteString.copyFromUtf8("CampaignTransfer");

    private enum CampaignKind { PRE_ELECTION, ELECTION, TRANSFER }

    final long id;
    long term;
    long vote;
    StateType state = StateType.FOLLOWER;
    long lead = NONE;
    long leadTransferee = NONE;
    /** A conf change at or below this index may still be unapplied: no new one until applied passes it. */
    long pendingConfIndex;
    /** Leader only: a proposed (or inherited) conf change removes us, so no more proposals. */
    private boolean leaving;

    final RaftLog raftLog;
    /** The applied configuration (the latest one, once no conf change is pending). */
    Membership membership;
    /** Every member's progress (voters of both halves and learners), ordered for deterministic output. */
    final TreeMap<Long, Progress> prs = new TreeMap<>();
    /**
     * The progress of the incoming and the outgoing voters, for the commit computation on
     * every append answer without map lookups; rebuilt whenever {@link #prs} changes.
     */
    private Progress[] incomingPrs = new Progress[0];
    private Progress[] outgoingPrs = new Progress[0];
    private long[] matchScratch = new long[0];
    /** Whether this node is a voter of {@link #membership} (asked on every tick and append answer). */
    private boolean selfVoter;
    private final TreeMap<Long, Boolean> votes = new TreeMap<>();

    List<Message> msgs = new ArrayList<>();
    List<ReadState> readStates = new ArrayList<>();
    private final ReadOnly readOnly = new ReadOnly();
    /** ReadIndex requests that arrived before this leader committed an entry of its term. */
    private final List<Message> pendingReadIndex = new ArrayList<>();

    private final int electionTimeout;
    private final int heartbeatTimeout;
    private int randomizedElectionTimeout;
    int electionElapsed;
    private int heartbeatElapsed;
    /** Leader ticks since this leader applied its own removal (see {@link #maybeHandOver}). */
    private int removedTicks;
    private final boolean checkQuorum;
    private final boolean preVote;
    private final boolean broadcastCommit;
    final long maxMsgSize;
    private final int maxInflight;
    private final SplittableRandom random;

    /** The rules of Raft this node breaks on purpose ({@link BrokenRule}); all false for a correct node. */
    private final boolean commitEarlierTermByCount;
    private final boolean readWithoutQuorum;
    private final boolean noRejectTermHint;
    private final boolean voteIgnoringLog;

    Raft(RaftConfig c, List<Long> peers) {
        c.validate();
        this.id = c.id();
        this.electionTimeout = c.electionTick();
        this.heartbeatTimeout = c.heartbeatTick();
        this.checkQuorum = c.checkQuorum();
        this.preVote = c.preVote();
        this.broadcastCommit = c.broadcastCommit();
        this.maxMsgSize = c.maxSizePerMsg();
        this.maxInflight = c.maxInflightMsgs();
        this.random = new SplittableRandom(c.randomSeed());
        this.commitEarlierTermByCount = c.brokenRules().contains(BrokenRule.COMMIT_EARLIER_TERM_BY_COUNT);
        this.readWithoutQuorum = c.brokenRules().contains(BrokenRule.READ_WITHOUT_QUORUM);
        this.noRejectTermHint = c.brokenRules().contains(BrokenRule.NO_REJECT_TERM_HINT);
        this.voteIgnoringLog = c.brokenRules().contains(BrokenRule.VOTE_IGNORING_LOG);

        Storage.InitialState init = c.storage().initialState();
        HardState hs = init.hardState();
        this.raftLog = new RaftLog(c.storage(), hs.getCommit());
        membership = Membership.of(init.confState());
        if (!peers.isEmpty()) {
            if (!membership.members().isEmpty()) {
                throw new IllegalArgumentException("peers " + peers + " given, but storage already has members " + membership);
            }
            membership = new Membership(peers, List.of(), List.of(), List.of(), false);
        }
        for (long v : membership.members()) {
            prs.put(v, newProgress(1));
        }
        term = hs.getTerm();
        vote = hs.getVote();
        if (c.applied() > 0) {
            if (c.applied() < raftLog.applied()) {
                throw new IllegalArgumentException("raft config: applied " + c.applied()
                        + " is below the storage's snapshot index " + raftLog.applied()
                        + ": the state machine would miss compacted entries");
            }
            if (c.applied() > raftLog.committed()) {
                throw new IllegalArgumentException("raft config: applied " + c.applied()
                        + " is past the stored commit index " + raftLog.committed());
            }
            raftLog.appliedTo(c.applied());
        }
        becomeFollower(term, NONE);
    }

    private Progress newProgress(long next) {
        return new Progress(0, next, maxInflight);
    }

    // ---- state queries -------------------------------------------------------------

    SoftState softState() {
        return new SoftState(lead, state);
    }

    HardState hardState() {
        return HardState.newBuilder().setTerm(term).setVote(vote).setCommit(raftLog.committed()).build();
    }

    /** Only a voter (of either half of a joint configuration) campaigns; a learner or a removed node never does. */
    boolean promotable() {
        return selfVoter;
    }

    ConfState confState() {
        return membership.toConfState();
    }

    // ---- sending -------------------------------------------------------------------

    private void send(Message.Builder m) {
        m.setFrom(id);
        MessageType t = m.getMsgType();
        boolean carriesOwnTerm = t == MessageType.MSG_REQUEST_VOTE || t == MessageType.MSG_REQUEST_PRE_VOTE
                || t == MessageType.MSG_REQUEST_VOTE_RESPONSE || t == MessageType.MSG_REQUEST_PRE_VOTE_RESPONSE;
        if (carriesOwnTerm) {
            if (m.getTerm() == 0) {
                throw new IllegalStateException("vote message " + t + " sent without a term");
            }
        } else if (t != MessageType.MSG_PROPOSE && t != MessageType.MSG_READ_INDEX
                && t != MessageType.MSG_TRANSFER_LEADER) {
            m.setTerm(term);
        }
        msgs.add(m.build());
    }

    private static Message.Builder msg(MessageType t, long to) {
        return Message.newBuilder().setMsgType(t).setTo(to);
    }

    /** Sends an append (or a snapshot if the follower is behind our log's start) to {@code to}. */
    void sendAppend(long to) {
        maybeSendAppend(to, true);
    }

    private boolean maybeSendAppend(long to, boolean sendIfEmpty) {
        Progress pr = prs.get(to);
        if (pr == null || pr.isPaused()) {
            return false;
        }
        if (pr.next == 1 && pr.match == 0 && sendSnapshot(to, pr, false)) {
            // A follower with nothing in its log may know no configuration at all (a node that
            // joined empty): replaying the log from the start, it would apply every change to
            // the wrong one (and could elect itself alone). A snapshot carries the configuration.
            return true;
        }
        long prevTerm = raftLog.termOrMinus1(pr.next - 1);
        List<Entry> ents = raftLog.entriesFrom(pr.next, maxMsgSize);
        if (ents != null && ents.isEmpty() && !sendIfEmpty) {
            return false;
        }
        if (prevTerm < 0 || ents == null) {
            return sendSnapshot(to, pr, true);
        }
        send(msg(MessageType.MSG_APPEND, to)
                .setIndex(pr.next - 1)
                .setLogTerm(prevTerm)
                .addAllEntries(ents)
                .setCommit(raftLog.committed()));
        if (!ents.isEmpty()) {
            long last = ents.get(ents.size() - 1).getIndex();
            if (pr.state == ProgressState.REPLICATE) {
                pr.optimisticUpdate(last);
                pr.inflights.add(last);
            } else if (pr.state == ProgressState.PROBE) {
                pr.probeSent = true;
            }
        }
        return true;
    }

    /** Sends the storage's snapshot to {@code to}; {@code needed}: the log it needs is compacted away. */
    private boolean sendSnapshot(long to, Progress pr, boolean needed) {
        if (!pr.recentActive) {
            return false; // do not ship a snapshot to a peer that may be down
        }
        Snapshot snap;
        try {
            snap = raftLog.storage().snapshot();
        } catch (Storage.SnapshotTemporarilyUnavailableException e) {
            return false;
        }
        if (snap.getMetadata().getIndex() == 0) {
            if (!needed) {
                return false;
            }
            throw new IllegalStateException("need a snapshot for peer " + to + " but storage has none");
        }
        send(msg(MessageType.MSG_SNAPSHOT, to).setSnapshot(snap));
        pr.becomeSnapshot(snap.getMetadata().getIndex());
        return true;
    }

    private void sendHeartbeat(long to, ByteString ctx) {
        // Never tell a follower to commit past what it is known to hold.
        long commit = Math.min(prs.get(to).match, raftLog.committed());
        send(msg(MessageType.MSG_HEARTBEAT, to).setCommit(commit).setContext(ctx));
    }

    void bcastAppend() {
        for (long to : prs.keySet()) {
            if (to != id) {
                sendAppend(to);
            }
        }
    }

    /** Sends every follower what it lacks, and nothing to one that lacks nothing. */
    private void bcastNewEntries() {
        for (long to : prs.keySet()) {
            if (to != id) {
                maybeSendAppend(to, false);
            }
        }
    }

    private void bcastHeartbeat(ByteString ctx) {
        for (long to : prs.keySet()) {
            if (to != id) {
                sendHeartbeat(to, ctx);
            }
        }
    }

    // ---- commit --------------------------------------------------------------------

    /** Advances the commit index to the highest index a quorum holds, if it is of this term. */
    boolean maybeCommit() {
        long mci = majorityMatch(incomingPrs);
        if (outgoingPrs.length > 0) {
            mci = Math.min(mci, majorityMatch(outgoingPrs));
        }
        return raftLog.maybeCommit(mci, term, commitEarlierTermByCount);
    }

    /** The highest index a majority of {@code voters} holds. */
    private long majorityMatch(Progress[] voters) {
        for (int i = 0; i < voters.length; i++) {
            matchScratch[i] = voters[i].match;
        }
        return Membership.majorityIndex(matchScratch, voters.length);
    }

    private void indexVoters() {
        selfVoter = membership.isVoter(id);
        incomingPrs = membership.voters.stream().map(prs::get).toArray(Progress[]::new);
        outgoingPrs = membership.outgoing.stream().map(prs::get).toArray(Progress[]::new);
        matchScratch = new long[Math.max(incomingPrs.length, outgoingPrs.length)];
    }

    // ---- role changes --------------------------------------------------------------

    private void reset(long newTerm) {
        if (term != newTerm) {
            term = newTerm;
            vote = NONE;
        }
        lead = NONE;
        electionElapsed = 0;
        heartbeatElapsed = 0;
        randomizedElectionTimeout = electionTimeout + random.nextInt(electionTimeout);
        leadTransferee = NONE;
        votes.clear();
        long last = raftLog.lastIndex();
        for (Map.Entry<Long, Progress> e : prs.entrySet()) {
            Progress p = newProgress(last + 1);
            if (e.getKey() == id) {
                p.match = last;
            }
            e.setValue(p);
        }
        indexVoters();
        pendingConfIndex = 0;
        readOnly.reset();
        pendingReadIndex.clear();
    }

    void becomeFollower(long newTerm, long newLead) {
        reset(newTerm);
        lead = newLead;
        state = StateType.FOLLOWER;
    }

    private void becomePreCandidate() {
        if (state == StateType.LEADER) {
            throw new IllegalStateException("leader cannot become pre-candidate");
        }
        // Neither term nor vote change: a pre-vote must not disrupt anyone.
        votes.clear();
        lead = NONE;
        state = StateType.PRE_CANDIDATE;
    }

    private void becomeCandidate() {
        if (state == StateType.LEADER) {
            throw new IllegalStateException("leader cannot become candidate");
        }
        reset(term + 1);
        vote = id;
        state = StateType.CANDIDATE;
    }

    private void becomeLeader() {
        if (state == StateType.FOLLOWER) {
            throw new IllegalStateException("follower cannot become leader without an election");
        }
        reset(term);
        lead = id;
        state = StateType.LEADER;
        Progress self = prs.get(id);
        self.becomeReplicate();
        self.recentActive = true;
        appendEntries(List.of(Entry.newBuilder().build()));
        // No conf change until everything up to our no-op is applied: the tail may hold
        // one, and a leader must commit an entry of its own term before changing the
        // configuration (the single-server change bug in Ongaro's thesis errata).
        pendingConfIndex = raftLog.lastIndex();
        leaving = tailRemovesUs();
    }

    /** Whether the conf changes in our unapplied log, applied in order, leave us no voter. */
    private boolean tailRemovesUs() {
        Membership m = membership;
        for (Entry e : raftLog.slice(raftLog.applied() + 1, raftLog.lastIndex() + 1)) {
            if (isConfChange(e)) {
                try {
                    m = MembershipChange.apply(m, toV2(e));
                } catch (IllegalArgumentException ex) {
                    return false; // cannot tell: as before
                }
            }
        }
        return !m.isVoter(id);
    }

    private void appendEntries(List<Entry> es) {
        long li = raftLog.lastIndex();
        List<Entry> stamped = new ArrayList<>(es.size());
        for (int i = 0; i < es.size(); i++) {
            stamped.add(es.get(i).toBuilder().setTerm(term).setIndex(li + 1 + i).build());
        }
        raftLog.append(stamped);
        prs.get(id).maybeUpdate(raftLog.lastIndex());
        maybeCommit();
    }

    // ---- time ----------------------------------------------------------------------

    void tick() {
        if (state == StateType.LEADER) {
            tickHeartbeat();
        } else {
            tickElection();
        }
    }

    private void tickElection() {
        electionElapsed++;
        if (promotable() && electionElapsed >= randomizedElectionTimeout) {
            electionElapsed = 0;
            step(msg(MessageType.MSG_HUP, id).setFrom(id).build());
        }
    }

    private void tickHeartbeat() {
        heartbeatElapsed++;
        electionElapsed++;
        if (electionElapsed >= electionTimeout) {
            electionElapsed = 0;
            if (checkQuorum) {
                step(msg(MessageType.MSG_CHECK_QUORUM, id).setFrom(id).build());
            }
            if (state == StateType.LEADER && leadTransferee != NONE) {
                leadTransferee = NONE; // the transfer did not finish within an election timeout
            }
        }
        if (state != StateType.LEADER) {
            return;
        }
        if (!selfVoter && ++removedTicks >= electionTimeout) {
            becomeFollower(term, NONE); // no voter caught up within an election timeout
            return;
        }
        maybeAutoLeave();
        if (heartbeatElapsed >= heartbeatTimeout) {
            heartbeatElapsed = 0;
            step(msg(MessageType.MSG_BEAT, id).setFrom(id).build());
        }
    }

    // ---- elections -----------------------------------------------------------------

    private void campaign(CampaignKind kind) {
        long voteTerm;
        MessageType voteType;
        if (kind == CampaignKind.PRE_ELECTION) {
            becomePreCandidate();
            voteType = MessageType.MSG_REQUEST_PRE_VOTE;
            voteTerm = term + 1;
        } else {
            becomeCandidate();
            voteType = MessageType.MSG_REQUEST_VOTE;
            voteTerm = term;
        }
        if (poll(id, true) == Membership.Vote.WON) {
            // A single-voter cluster wins at once.
            if (kind == CampaignKind.PRE_ELECTION) {
                campaign(CampaignKind.ELECTION);
            } else {
                becomeLeader();
            }
            return;
        }
        for (long to : membership.allVoters()) {
            if (to == id) {
                continue;
            }
            Message.Builder m = msg(voteType, to).setTerm(voteTerm)
                    .setIndex(raftLog.lastIndex()).setLogTerm(raftLog.lastTerm());
            if (kind == CampaignKind.TRANSFER) {
                m.setContext(CAMPAIGN_TRANSFER);
            }
            send(m);
        }
    }

    private Membership.Vote poll(long from, boolean granted) {
        votes.putIfAbsent(from, granted);
        return membership.tally(votes);
    }

    /** A node that has committed but not applied a conf change must not campaign (its membership is stale). */
    private boolean hasUnappliedConfChange() {
        if (!raftLog.hasNextEnts()) {
            return false;
        }
        for (Entry e : raftLog.nextEnts()) {
            if (isConfChange(e)) {
                return true;
            }
        }
        return false;
    }

    private void hup(CampaignKind kind) {
        if (state == StateType.LEADER || !promotable() || hasUnappliedConfChange()) {
            return;
        }
        campaign(kind);
    }

    // ---- stepping ------------------------------------------------------------------

    void step(Message m) {
        MessageType t = m.getMsgType();
        if (m.getTerm() == 0) {
            // local message
        } else if (m.getTerm() > term) {
            if (t == MessageType.MSG_REQUEST_VOTE || t == MessageType.MSG_REQUEST_PRE_VOTE) {
                boolean force = CAMPAIGN_TRANSFER.equals(m.getContext());
                boolean inLease = checkQuorum && lead != NONE && electionElapsed < electionTimeout;
                if (!force && inLease) {
                    return; // we heard from a leader recently: ignore a disruptive candidate
                }
            }
            if (t == MessageType.MSG_REQUEST_PRE_VOTE) {
                // a pre-vote never changes our term
            } else if (t == MessageType.MSG_REQUEST_PRE_VOTE_RESPONSE && !m.getReject()) {
                // granted pre-votes carry the future term; we bump it when the pre-election is won
            } else if (t == MessageType.MSG_APPEND || t == MessageType.MSG_HEARTBEAT
                    || t == MessageType.MSG_SNAPSHOT) {
                becomeFollower(m.getTerm(), m.getFrom());
            } else if (t == MessageType.MSG_REQUEST_VOTE && state != StateType.LEADER) {
                // Raft §5.2: only a leader's append or a granted vote restarts the election
                // timer. A candidate with a worse log that keeps bumping the term must not
                // keep a better-placed node from ever timing out and campaigning.
                int elapsed = electionElapsed;
                becomeFollower(m.getTerm(), NONE);
                electionElapsed = elapsed;
            } else {
                becomeFollower(m.getTerm(), NONE);
            }
        } else if (m.getTerm() < term) {
            if (t == MessageType.MSG_HEARTBEAT || t == MessageType.MSG_APPEND) {
                // As the paper's AppendEntries reply: a stale leader learns our term and steps
                // down. Without it a leader whose followers moved on (PreVote/CheckQuorum
                // leases, or a follower campaigning under an outdated membership that never
                // asks the leader) could stay stuck on its old term forever.
                send(msg(MessageType.MSG_APPEND_RESPONSE, m.getFrom()));
            } else if (t == MessageType.MSG_REQUEST_PRE_VOTE) {
                send(msg(MessageType.MSG_REQUEST_PRE_VOTE_RESPONSE, m.getFrom()).setTerm(term).setReject(true));
            } else if (t == MessageType.MSG_REQUEST_VOTE) {
                // As the paper's RequestVote reply: our term lets a candidate that fell behind
                // (e.g. one whose requests we never answer otherwise) catch up and win later.
                send(msg(MessageType.MSG_REQUEST_VOTE_RESPONSE, m.getFrom()).setTerm(term).setReject(true));
            }
            return;
        }

        if (m.getTerm() == term && isLeaderMessage(t)) {
            checkOneLeader(m);
        }

        switch (t) {
            case MSG_HUP -> hup(preVote ? CampaignKind.PRE_ELECTION : CampaignKind.ELECTION);
            case MSG_REQUEST_VOTE, MSG_REQUEST_PRE_VOTE -> handleVoteRequest(m);
            default -> {
                switch (state) {
                    case LEADER -> stepLeader(m);
                    case CANDIDATE, PRE_CANDIDATE -> stepCandidate(m);
                    case FOLLOWER -> stepFollower(m);
                    default -> throw new IllegalStateException("unknown state " + state);
                }
            }
        }
    }

    private static boolean isLeaderMessage(MessageType t) {
        return t == MessageType.MSG_APPEND || t == MessageType.MSG_HEARTBEAT || t == MessageType.MSG_SNAPSHOT;
    }

    /** Election Safety: only the one leader of our term sends appends, heartbeats and snapshots in it. */
    private void checkOneLeader(Message m) {
        long known = state == StateType.LEADER ? id : lead;
        if (known != NONE && known != m.getFrom()) {
            throw new SafetyViolation("two leaders in term " + term + ": n" + m.getFrom() + " sent "
                    + m.getMsgType() + " while n" + known + (known == id ? " (this node)" : "") + " leads it");
        }
    }

    private void handleVoteRequest(Message m) {
        boolean isPre = m.getMsgType() == MessageType.MSG_REQUEST_PRE_VOTE;
        boolean canVote = vote == m.getFrom()
                || (vote == NONE && lead == NONE)
                || (isPre && m.getTerm() > term);
        MessageType respType = isPre ? MessageType.MSG_REQUEST_PRE_VOTE_RESPONSE
                : MessageType.MSG_REQUEST_VOTE_RESPONSE;
        if (canVote && (voteIgnoringLog || raftLog.isUpToDate(m.getIndex(), m.getLogTerm()))) {
            send(msg(respType, m.getFrom()).setTerm(m.getTerm()));
            if (!isPre) {
                electionElapsed = 0;
                vote = m.getFrom();
            }
        } else {
            send(msg(respType, m.getFrom()).setTerm(term).setReject(true));
        }
    }

    private void stepLeader(Message m) {
        switch (m.getMsgType()) {
            case MSG_BEAT -> {
                bcastHeartbeat(ByteString.EMPTY);
                return;
            }
            case MSG_CHECK_QUORUM -> {
                if (!quorumActive()) {
                    becomeFollower(term, NONE);
                }
                return;
            }
            case MSG_PROPOSE -> {
                propose(m);
                return;
            }
            case MSG_READ_INDEX -> {
                leaderReadIndex(m);
                return;
            }
            default -> {
                // needs the sender's progress, below
            }
        }
        Progress pr = prs.get(m.getFrom());
        if (pr == null) {
            return; // from a node not (or no longer) in the cluster
        }
        switch (m.getMsgType()) {
            case MSG_APPEND_RESPONSE -> handleAppendResponse(m, pr);
            case MSG_HEARTBEAT_RESPONSE -> handleHeartbeatResponse(m, pr);
            case MSG_SNAPSHOT_STATUS -> {
                if (pr.state != ProgressState.SNAPSHOT) {
                    return;
                }
                pr.becomeProbe();
                if (m.getReject()) {
                    pr.next = pr.match + 1;
                }
                // Wait for the follower's append response (or a heartbeat) before the next append.
                pr.probeSent = true;
            }
            case MSG_UNREACHABLE -> {
                if (pr.state == ProgressState.REPLICATE) {
                    pr.becomeProbe();
                }
            }
            case MSG_TRANSFER_LEADER -> transferLeadership(m.getFrom(), pr);
            default -> {
                // votes and responses of past elections: nothing to do
            }
        }
    }

    private void propose(Message m) {
        if (m.getEntriesCount() == 0) {
            throw new IllegalArgumentException("proposal without entries");
        }
        if (!selfVoter) {
            throw new ProposalDroppedException("this leader was removed from the cluster");
        }
        if (leaving) {
            // Nothing may follow the change that removes us: once it applies we hand over to a
            // voter holding our whole log, and voters still in the joint configuration need our
            // vote, which we give only to a candidate whose log has all of ours.
            throw new ProposalDroppedException("this leader is leaving the cluster (its removal is pending)");
        }
        if (leadTransferee != NONE) {
            throw new ProposalDroppedException("leadership is being transferred to " + leadTransferee);
        }
        List<Entry> es = m.getEntriesList();
        for (int i = 0; i < es.size(); i++) {
            if (isConfChange(es.get(i))) {
                if (pendingConfIndex > raftLog.applied()) {
                    throw new ProposalDroppedException("a conf change (index " + pendingConfIndex
                            + ") is still pending; applied is " + raftLog.applied());
                }
                leaving = !checkFollows(es.get(i)).isVoter(id);
                pendingConfIndex = raftLog.lastIndex() + i + 1;
            }
        }
        appendEntries(es);
        bcastAppend();
    }

    /**
     * Refuses a conf change that could not be applied to the current configuration (which,
     * no change being pending, every node will hold when it applies this one): a committed
     * change that fails to apply would stop every node.
     */
    private Membership checkFollows(Entry e) {
        try {
            return MembershipChange.apply(membership, toV2(e));
        } catch (IllegalArgumentException ex) {
            throw new ProposalDroppedException(ex.getMessage());
        }
    }

    static boolean isConfChange(Entry e) {
        // the raw number: checked for every proposed entry, and the enum lookup costs twice
        int t = e.getEntryTypeValue();
        return t == EntryType.ENTRY_CONF_CHANGE_VALUE || t == EntryType.ENTRY_CONF_CHANGE_V2_VALUE;
    }

    /** The change a conf change entry holds, as a V2 change. */
    static ConfChangeV2 toV2(Entry e) {
        try {
            return e.getEntryType() == EntryType.ENTRY_CONF_CHANGE_V2 ? ConfChangeV2.parseFrom(e.getData())
                    : MembershipChange.toV2(ConfChange.parseFrom(e.getData()));
        } catch (com.google.protobuf.InvalidProtocolBufferException ex) {
            throw new IllegalArgumentException("corrupt conf change at index " + e.getIndex(), ex);
        }
    }

    private void leaderReadIndex(Message m) {
        if (membership.soleVoterIs(id) || readWithoutQuorum) {
            answerRead(m, raftLog.committed());
            return;
        }
        if (!committedInCurrentTerm()) {
            // Our commit index may lag the true one until we commit in our term.
            pendingReadIndex.add(m);
            return;
        }
        readOnly.addRequest(raftLog.committed(), m);
        readOnly.recvAck(id, m.getContext());
        bcastHeartbeat(m.getContext());
    }

    private boolean committedInCurrentTerm() {
        return raftLog.termOrMinus1(raftLog.committed()) == term;
    }

    private void releasePendingReadIndex() {
        if (pendingReadIndex.isEmpty() || !committedInCurrentTerm()) {
            return;
        }
        List<Message> waiting = new ArrayList<>(pendingReadIndex);
        pendingReadIndex.clear();
        for (Message m : waiting) {
            leaderReadIndex(m);
        }
    }

    private void answerRead(Message req, long index) {
        if (req.getFrom() == NONE || req.getFrom() == id) {
            readStates.add(new ReadState(index, req.getContext()));
        } else {
            send(msg(MessageType.MSG_READ_INDEX_RESPONSE, req.getFrom()).setIndex(index).setContext(req.getContext()));
        }
    }

    private void handleAppendResponse(Message m, Progress pr) {
        pr.recentActive = true;
        if (m.getReject()) {
            handleAppendRejection(m, pr);
            return;
        }
        boolean wasPaused = pr.isPaused();
        if (!pr.maybeUpdate(m.getIndex())) {
            return;
        }
        switch (pr.state) {
            case PROBE -> pr.becomeReplicate();
            case SNAPSHOT -> {
                if (pr.match >= pr.pendingSnapshot) {
                    pr.becomeProbe();
                    pr.becomeReplicate();
                }
            }
            case REPLICATE -> pr.inflights.freeLE(m.getIndex());
            default -> throw new IllegalStateException("unknown progress state " + pr.state);
        }
        if (maybeCommit()) {
            releasePendingReadIndex();
            if (broadcastCommit) bcastAppend();
            else bcastNewEntries();
        } else if (wasPaused) {
            sendAppend(m.getFrom());
        }
        // Keep the follower's pipeline full while there is more to send.
        while (maybeSendAppend(m.getFrom(), false)) {
            // loop
        }
        if (m.getFrom() == leadTransferee && pr.match == raftLog.lastIndex()) {
            send(msg(MessageType.MSG_TIMEOUT_NOW, m.getFrom()));
        }
        maybeHandOver();
    }

    /**
     * The follower holds no entry matching ours at the rejected index. With its hint
     * (index h, term t) we probe next at our largest index at or below h whose term is at
     * most t: entries above it either have a term the follower's log lacks there or lie
     * past h. The next probe never skips below the last index where the logs agree, and
     * the term each rejection reports strictly decreases, so a follower whose log diverges
     * from ours in entries of k distinct terms is probed at most k + 1 times before the
     * one that matches. A hint without a term (an older follower) is its last index.
     */
    private void handleAppendRejection(Message m, Progress pr) {
        long next = m.getRejectHint();
        if (m.getLogTerm() > 0) {
            next = raftLog.lastIndexWithTermAtMost(m.getRejectHint(), m.getLogTerm());
        }
        if (pr.maybeDecrTo(m.getIndex(), next)) {
            if (pr.state == ProgressState.REPLICATE) {
                pr.becomeProbe();
            }
            sendAppend(m.getFrom());
        }
    }

    private void handleHeartbeatResponse(Message m, Progress pr) {
        pr.recentActive = true;
        pr.probeSent = false;
        if (pr.state == ProgressState.REPLICATE && pr.inflights.full()) {
            pr.inflights.freeFirstOne();
        }
        if (pr.match < raftLog.lastIndex()) {
            sendAppend(m.getFrom());
        }
        if (m.getContext().isEmpty()) {
            return;
        }
        if (!membership.hasQuorum(readOnly.recvAck(m.getFrom(), m.getContext())::contains)) {
            return;
        }
        for (ReadOnly.Pending p : readOnly.advance(m.getContext())) {
            answerRead(p.request(), p.index());
        }
    }

    private void transferLeadership(long transferee, Progress pr) {
        if (!membership.isVoter(transferee)) {
            return; // a learner cannot campaign: the transfer could only stall proposals
        }
        if (leadTransferee != NONE) {
            if (leadTransferee == transferee) {
                return; // already on its way
            }
            leadTransferee = NONE;
        }
        if (transferee == id) {
            return; // already leader
        }
        electionElapsed = 0; // the transfer must finish within one election timeout
        leadTransferee = transferee;
        if (pr.match == raftLog.lastIndex()) {
            send(msg(MessageType.MSG_TIMEOUT_NOW, transferee));
        } else {
            sendAppend(transferee);
        }
    }

    private boolean quorumActive() {
        boolean active = membership.hasQuorum(v -> v == id || prs.get(v).recentActive);
        for (Map.Entry<Long, Progress> e : prs.entrySet()) {
            if (e.getKey() != id) {
                e.getValue().recentActive = false;
            }
        }
        return active;
    }

    private void stepCandidate(Message m) {
        MessageType myResp = state == StateType.PRE_CANDIDATE ? MessageType.MSG_REQUEST_PRE_VOTE_RESPONSE
                : MessageType.MSG_REQUEST_VOTE_RESPONSE;
        MessageType t = m.getMsgType();
        if (t == MessageType.MSG_PROPOSE) {
            throw new ProposalDroppedException("no leader (this node is campaigning)");
        } else if (t == MessageType.MSG_READ_INDEX) {
            throw new ProposalDroppedException("no leader to serve a read index (this node is campaigning)");
        } else if (t == MessageType.MSG_APPEND) {
            becomeFollower(m.getTerm(), m.getFrom());
            handleAppend(m);
        } else if (t == MessageType.MSG_HEARTBEAT) {
            becomeFollower(m.getTerm(), m.getFrom());
            handleHeartbeat(m);
        } else if (t == MessageType.MSG_SNAPSHOT) {
            becomeFollower(m.getTerm(), m.getFrom());
            handleSnapshot(m);
        } else if (t == myResp) {
            Membership.Vote r = poll(m.getFrom(), !m.getReject());
            if (r == Membership.Vote.WON) {
                if (state == StateType.PRE_CANDIDATE) {
                    campaign(CampaignKind.ELECTION);
                } else {
                    becomeLeader();
                    bcastAppend();
                }
            } else if (r == Membership.Vote.LOST) {
                becomeFollower(term, NONE);
            }
        }
        // TimeoutNow and everything else: ignored while campaigning
    }

    private void stepFollower(Message m) {
        switch (m.getMsgType()) {
            case MSG_PROPOSE -> throw new ProposalDroppedException(lead == NONE
                    ? "no leader" : "not the leader (leader is " + lead + ")");
            case MSG_APPEND -> {
                electionElapsed = 0;
                lead = m.getFrom();
                handleAppend(m);
            }
            case MSG_HEARTBEAT -> {
                electionElapsed = 0;
                lead = m.getFrom();
                handleHeartbeat(m);
            }
            case MSG_SNAPSHOT -> {
                electionElapsed = 0;
                lead = m.getFrom();
                handleSnapshot(m);
            }
            case MSG_TRANSFER_LEADER -> {
                if (lead == NONE) {
                    throw new ProposalDroppedException("no leader to transfer leadership from");
                }
                msgs.add(m.toBuilder().setTo(lead).build());
            }
            case MSG_TIMEOUT_NOW -> {
                if (promotable()) {
                    // The leader asked us to take over: skip pre-vote and the lease.
                    hup(CampaignKind.TRANSFER);
                }
            }
            case MSG_READ_INDEX -> {
                if (lead == NONE) {
                    throw new ProposalDroppedException("no leader to serve a read index");
                }
                msgs.add(m.toBuilder().setTo(lead).setFrom(id).build());
            }
            case MSG_READ_INDEX_RESPONSE -> readStates.add(new ReadState(m.getIndex(), m.getContext()));
            default -> {
                // nothing else concerns a follower
            }
        }
    }

    private void handleAppend(Message m) {
        if (m.getIndex() < raftLog.committed()) {
            send(msg(MessageType.MSG_APPEND_RESPONSE, m.getFrom()).setIndex(raftLog.committed()));
            return;
        }
        long lastNew = raftLog.maybeAppend(m.getIndex(), m.getLogTerm(), m.getCommit(), m.getEntriesList());
        if (lastNew >= 0) {
            send(msg(MessageType.MSG_APPEND_RESPONSE, m.getFrom()).setIndex(lastNew));
        } else {
            sendAppendRejection(m);
            if (m.getIndex() == raftLog.committed() && m.getIndex() > 0) {
                // The leader of our term must hold every committed entry (Leader Completeness), yet
                // it gives our committed last entry another term: two nodes committed different
                // entries here. The rejection still goes out; the application hears of it.
                throw new SafetyViolation("leader n" + m.getFrom() + " has term " + m.getLogTerm()
                        + " at index " + m.getIndex() + ", which this node committed in term "
                        + raftLog.termOrMinus1(m.getIndex()));
            }
        }
    }

    /**
     * Rejects an append whose previous entry we do not hold, with a hint where the leader
     * should probe next: our last index at or below the rejected one whose term is at most
     * the leader's term there (no entry above it can match), and that entry's term, so the
     * leader can skip as far back in its own log. Each rejection skips at least one whole
     * term of ours; see {@link #handleAppendRejection}.
     */
    private void sendAppendRejection(Message m) {
        long hintIndex = Math.min(m.getIndex(), raftLog.lastIndex());
        long hintTerm = 0;
        if (noRejectTermHint) {
            hintIndex = raftLog.lastIndex();
        } else {
            hintIndex = raftLog.lastIndexWithTermAtMost(hintIndex, m.getLogTerm());
            hintTerm = Math.max(raftLog.termOrMinus1(hintIndex), 0);
        }
        send(msg(MessageType.MSG_APPEND_RESPONSE, m.getFrom()).setIndex(m.getIndex())
                .setReject(true).setRejectHint(hintIndex).setLogTerm(hintTerm));
    }

    private void handleHeartbeat(Message m) {
        raftLog.commitTo(m.getCommit());
        send(msg(MessageType.MSG_HEARTBEAT_RESPONSE, m.getFrom()).setContext(m.getContext()));
    }

    private void handleSnapshot(Message m) {
        if (restore(m.getSnapshot())) {
            send(msg(MessageType.MSG_APPEND_RESPONSE, m.getFrom()).setIndex(raftLog.lastIndex()));
        } else {
            send(msg(MessageType.MSG_APPEND_RESPONSE, m.getFrom()).setIndex(raftLog.committed()));
        }
    }

    /** Installs {@code snap} unless it is stale; returns whether it was installed. */
    boolean restore(Snapshot snap) {
        long index = snap.getMetadata().getIndex();
        if (index <= raftLog.committed()) {
            return false; // stale: we already have (and committed) all it holds
        }
        if (raftLog.matchTerm(index, snap.getMetadata().getTerm())) {
            raftLog.commitTo(index); // our log already holds it: just fast-forward the commit
            return false;
        }
        raftLog.restore(snap);
        membership = Membership.of(snap.getMetadata().getConfState());
        prs.clear();
        long last = raftLog.lastIndex();
        for (long v : membership.members()) {
            Progress p = newProgress(last + 1);
            if (v == id) {
                p.match = last;
            }
            prs.put(v, p);
        }
        indexVoters();
        return true;
    }

    // ---- membership ----------------------------------------------------------------

    ConfState applyConfChange(ConfChange cc) {
        return applyConfChange(MembershipChange.toV2(cc));
    }

    /**
     * Switches to the configuration after {@code cc} (committed, in log order). A leader
     * that is no voter of the new configuration steps down: one removed in a joint
     * configuration keeps leading it (it still counts in the outgoing half) until the
     * joint configuration is left.
     */
    ConfState applyConfChange(ConfChangeV2 cc) {
        membership = membership.members().isEmpty() ? MembershipChange.applyWithoutBase(membership, cc)
                : MembershipChange.apply(membership, cc);
        long last = raftLog.lastIndex();
        for (long m : membership.members()) {
            if (!prs.containsKey(m)) {
                Progress p = newProgress(last + 1);
                // Count it active so a CheckQuorum right after the add does not depose us.
                p.recentActive = true;
                prs.put(m, p);
            }
        }
        prs.keySet().retainAll(membership.members());
        indexVoters();
        if (state != StateType.LEADER) {
            return confState();
        }
        if (!selfVoter) {
            removedTicks = 0;
            maybeHandOver();
            return confState();
        }
        if (leadTransferee != NONE && !membership.isVoter(leadTransferee)) {
            leadTransferee = NONE;
        }
        // Another quorum may commit more.
        if (maybeCommit()) {
            bcastAppend();
        }
        return confState();
    }

    /**
     * The application applied entries up to {@code index}. A leader in a joint
     * configuration with auto-leave proposes leaving it once the change that entered it
     * is applied (a new leader, once everything up to its first entry is).
     */
    void appliedTo(long index) {
        raftLog.appliedTo(index);
        maybeAutoLeave();
    }

    /**
     * A leader that applied its own removal refuses proposals but keeps replicating until
     * a voter holds its whole log, then tells that one to campaign at once and steps down.
     * Stepping down at once could stall the cluster: voters still in the joint
     * configuration (they have not learnt that leaving it committed) need this node's vote
     * for the outgoing half, and it refuses any candidate whose log lacks its own last
     * entries. A voter holding all of them gets its vote, and the others'.
     */
    private void maybeHandOver() {
        if (state != StateType.LEADER || selfVoter) {
            return;
        }
        long last = raftLog.lastIndex();
        for (long v : membership.voters) {
            if (prs.get(v).match == last) {
                send(msg(MessageType.MSG_TIMEOUT_NOW, v));
                becomeFollower(term, NONE);
                return;
            }
        }
    }

    private void maybeAutoLeave() {
        if (state != StateType.LEADER || !membership.autoLeave || pendingConfIndex > raftLog.applied()) {
            return;
        }
        try {
            propose(msg(MessageType.MSG_PROPOSE, id).setFrom(id).addEntries(Entry.newBuilder()
                    .setEntryType(EntryType.ENTRY_CONF_CHANGE_V2)
                    .setData(ConfChangeV2.getDefaultInstance().toByteString())).build());
        } catch (ProposalDroppedException e) {
            // transferring leadership: the next leader (or the next tick here) leaves it
        }
    }
}
