package io.faultline.kv.loop;

import com.google.protobuf.InvalidProtocolBufferException;
import io.faultline.kv.log.NodeLog;
import io.faultline.kv.api.Served;
import io.faultline.kv.peer.Command;
import io.faultline.kv.peer.Member;
import io.faultline.kv.peer.Members;
import io.faultline.kv.sm.Apply;
import io.faultline.kv.sm.KvStateMachine;
import io.faultline.kv.storage.DiskRaftStorage;
import io.faultline.raft.RawNode;
import io.faultline.raft.pb.ConfChange;
import io.faultline.raft.pb.ConfChangeType;
import io.faultline.raft.pb.ConfChangeV2;
import io.faultline.raft.pb.ConfState;
import io.faultline.raft.pb.Entry;
import io.faultline.raft.pb.EntryType;
import java.util.ArrayList;
import java.util.List;

/**
 * Applies committed entries to the state machine in one batch and answers the
 * clients waiting on them, after the batch is written.
 */
final class EntryApplier {
    private final RawNode raft;
    private final DiskRaftStorage log;
    private final KvStateMachine machine;
    private final WriteWaiters writes;
    private final AdminRequests admin;
    private final NodeLog nodeLog;
    private final Runnable membershipChanged;

    EntryApplier(RawNode raft, DiskRaftStorage log, KvStateMachine machine, WriteWaiters writes, AdminRequests admin,
            NodeLog nodeLog, Runnable membershipChanged) {
        this.raft = raft;
        this.log = log;
        this.machine = machine;
        this.writes = writes;
        this.admin = admin;
        this.nodeLog = nodeLog;
        this.membershipChanged = membershipChanged;
    }

    /** Applies {@code entries}; the answers name who {@code served} them. */
    void apply(List<Entry> entries, Served served) {
        if (entries.isEmpty()) return;
        List<Runnable> answers = new ArrayList<>();
        boolean membership = false;
        try (Apply apply = machine.begin()) {
            for (Entry entry : entries) {
                if (entry.getIndex() <= machine.applied()) continue;
                Command command = null;
                if (entry.getEntryType() == EntryType.ENTRY_CONF_CHANGE) {
                    applyConfChange(entry, apply, answers);
                    membership = true;
                } else if (entry.getEntryType() == EntryType.ENTRY_CONF_CHANGE_V2) {
                    applyConfChangeV2(entry, apply, answers);
                    membership = true;
                } else if (!entry.getData().isEmpty()) {
                    command = parseCommand(entry);
                    com.google.protobuf.Message result = apply.execute(command, served);
                    Pending<com.google.protobuf.Message> pending = writes.take(command);
                    if (pending != null) answers.add(() -> pending.future().complete(result));
                }
                Pending<com.google.protobuf.Message> lost = writes.displacedAt(entry.getIndex(), command);
                if (lost != null) {
                    long index = entry.getIndex();
                    answers.add(() -> lost.future().completeExceptionally(
                            Failures.busy("not committed: log index " + index + " went to another entry; safe to retry")));
                }
                apply.applied(entry.getIndex());
            }
            apply.commit();
        }
        if (membership) membershipChanged.run();
        answers.forEach(Runnable::run);
    }

    static Command parseCommand(Entry entry) {
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
                apply.addMember(cc.getContext().isEmpty() ? Member.newBuilder().setId(cc.getNodeId()).build()
                        : Member.parseFrom(cc.getContext()));
            } catch (InvalidProtocolBufferException e) {
                throw new IllegalStateException("conf change at " + entry.getIndex() + " has an unreadable member", e);
            }
        } else {
            apply.removeMember(cc.getNodeId());
        }
        nodeLog.info("applied " + cc.getChangeType() + " n" + cc.getNodeId() + " at index " + entry.getIndex()
                + "; voters " + state.getVotersList());
        Runnable answer = admin.confChangeApplied(entry.getIndex(), state);
        if (answer != null) answers.add(answer);
    }

    /**
     * A joint change: new members' addresses come with it (a {@code Members} context); a
     * removed node's address goes only once it is in neither half, as the leader still
     * replicates to outgoing voters until the joint configuration is left.
     */
    private void applyConfChangeV2(Entry entry, Apply apply, List<Runnable> answers) {
        ConfChangeV2 cc;
        Members added;
        try {
            cc = ConfChangeV2.parseFrom(entry.getData());
            added = Members.parseFrom(cc.getContext());
        } catch (InvalidProtocolBufferException e) {
            throw new IllegalStateException("log entry " + entry.getIndex() + " is not a conf change: corrupt", e);
        }
        List<Long> before = members(raft.status());
        ConfState state = raft.applyConfChange(cc);
        log.setConfState(apply.batch(), state);
        added.getMembersList().forEach(apply::addMember);
        List<Long> after = new ArrayList<>(state.getVotersList());
        after.addAll(state.getVotersOutgoingList());
        after.addAll(state.getLearnersList());
        for (long gone : before) {
            if (!after.contains(gone)) apply.removeMember(gone);
        }
        nodeLog.info("applied " + (cc.getChangesCount() == 0 ? "leave-joint" : "joint change " + cc.getChangesList()
                .stream().map(c -> c.getChangeType() + " n" + c.getNodeId()).toList()) + " at index " + entry.getIndex()
                + "; voters " + state.getVotersList()
                + (state.getVotersOutgoingCount() > 0 ? " & " + state.getVotersOutgoingList() : ""));
        Runnable answer = admin.confChangeApplied(entry.getIndex(), state);
        if (answer != null) answers.add(answer);
    }

    private static List<Long> members(io.faultline.raft.Status s) {
        List<Long> all = new ArrayList<>(s.voters());
        all.addAll(s.votersOutgoing());
        all.addAll(s.learners());
        return all;
    }
}
