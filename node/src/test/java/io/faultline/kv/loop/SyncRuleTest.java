package io.faultline.kv.loop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.faultline.kv.api.PutRequest;
import io.faultline.kv.peer.Command;
import io.faultline.raft.Ready;
import io.faultline.raft.pb.Entry;
import io.faultline.raft.pb.HardState;
import io.faultline.raft.pb.Message;
import io.faultline.raft.pb.MessageType;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/**
 * The sync rule of {@link SyncPolicy} as the real driver follows it: what a message
 * promises is synced before it leaves; a leader's appends leave before its own entries
 * are durable; a Ready that only moves the commit index is not synced; proposals that
 * arrive together share one synced write.
 */
class SyncRuleTest {
    private static final HardState TERM_5 = HardState.newBuilder().setTerm(5).setVote(2).setCommit(3).build();

    private static Ready ready(HardState hs, List<Entry> entries, Message... messages) {
        return new Ready(null, hs, entries, null, List.of(), List.of(messages), List.of());
    }

    private static Message msg(MessageType type) {
        return Message.newBuilder().setMsgType(type).setFrom(1).setTo(2).setTerm(5).build();
    }

    // ---- the rule itself ----

    @Test
    void onlyEntriesASnapshotOrANewTermOrVoteMustBeSynced() {
        Entry entry = Entry.newBuilder().setIndex(4).setTerm(5).build();
        assertTrue(SyncPolicy.mustSync(ready(null, List.of(entry)), TERM_5));
        assertTrue(SyncPolicy.mustSync(ready(TERM_5.toBuilder().setTerm(6).build(), List.of()), TERM_5));
        assertTrue(SyncPolicy.mustSync(ready(TERM_5.toBuilder().setVote(3).build(), List.of()), TERM_5));
        assertFalse(SyncPolicy.mustSync(ready(TERM_5.toBuilder().setCommit(4).build(), List.of()), TERM_5));
        assertFalse(SyncPolicy.mustSync(ready(null, List.of(), msg(MessageType.MSG_HEARTBEAT)), TERM_5));
    }

    @Test
    void noVoteNorAnswerMayLeaveBeforeTheSyncEvenFromALeader() {
        Ready rd = ready(null, List.of());
        for (MessageType type : List.of(MessageType.MSG_REQUEST_VOTE, MessageType.MSG_REQUEST_VOTE_RESPONSE,
                MessageType.MSG_REQUEST_PRE_VOTE_RESPONSE, MessageType.MSG_APPEND_RESPONSE)) {
            assertFalse(SyncPolicy.mayLeaveBeforeSync(msg(type), true, rd, TERM_5), type.toString());
        }
        assertTrue(SyncPolicy.mayLeaveBeforeSync(msg(MessageType.MSG_APPEND), true, rd, TERM_5));
        assertFalse(SyncPolicy.mayLeaveBeforeSync(msg(MessageType.MSG_APPEND), false, rd, TERM_5), "a follower's");
        Ready newTerm = ready(TERM_5.toBuilder().setTerm(6).build(), List.of());
        assertFalse(SyncPolicy.mayLeaveBeforeSync(msg(MessageType.MSG_APPEND), true, newTerm, TERM_5),
                "an append of a Ready that changes the term");
    }

    // ---- the driver follows it ----

    @Test
    void aVoteIsGrantedOnlyAfterTheTermAndVoteAreSynced() {
        DriverRig node = new DriverRig();
        node.step(Message.newBuilder().setMsgType(MessageType.MSG_REQUEST_VOTE).setFrom(2).setTo(1).setTerm(5).build());
        Message grant = node.last(MessageType.MSG_REQUEST_VOTE_RESPONSE);
        assertFalse(grant.getReject(), "the vote is granted");
        assertTrue(node.indexOfFirstSyncedWrite() < node.indexOfSend(MessageType.MSG_REQUEST_VOTE_RESPONSE),
                "synced before the grant leaves: " + node.trace);
    }

    @Test
    void aFollowerAcknowledgesEntriesOnlyAfterTheyAreSyncedAndDoesNotSyncACommitOnlyReady() {
        DriverRig node = new DriverRig();
        Entry entry = Entry.newBuilder().setIndex(1).setTerm(5).build();
        node.step(Message.newBuilder().setMsgType(MessageType.MSG_APPEND).setFrom(2).setTo(1).setTerm(5)
                .setIndex(0).setLogTerm(0).addEntries(entry).build());
        assertFalse(node.last(MessageType.MSG_APPEND_RESPONSE).getReject());
        assertTrue(node.indexOfFirstSyncedWrite() < node.indexOfSend(MessageType.MSG_APPEND_RESPONSE),
                "the entry is synced before it is acknowledged: " + node.trace);

        node.trace.clear();
        node.step(Message.newBuilder().setMsgType(MessageType.MSG_APPEND).setFrom(2).setTo(1).setTerm(5)
                .setIndex(1).setLogTerm(5).setCommit(1).build());
        assertEquals(1, node.driver.durableCommit(), "the commit index is written");
        assertEquals(0, node.syncedWrites(), "but a commit-only Ready is not synced: " + node.trace);
    }

    @Test
    void aLeaderSendsItsAppendsBeforeItsEntriesAreDurableAndBatchesConcurrentProposalsIntoOneSync() {
        DriverRig node = new DriverRig();
        long term = node.elect();
        node.step(Message.newBuilder().setMsgType(MessageType.MSG_APPEND_RESPONSE).setFrom(2).setTo(1).setTerm(term)
                .setIndex(node.driver.status().getLastIndex()).build());
        node.trace.clear();

        List<CompletableFuture<com.google.protobuf.Message>> puts = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            CompletableFuture<com.google.protobuf.Message> f = new CompletableFuture<>();
            node.driver.write(Command.newBuilder().setPut(PutRequest.newBuilder().setKey("k" + i).setValue("v")), f);
            puts.add(f);
        }
        node.settle();
        assertEquals(1, node.syncedWrites(), "ten proposals, one synced write: " + node.trace);
        Message append = node.last(MessageType.MSG_APPEND);
        assertEquals(10, append.getEntriesCount(), "and one append carrying all ten");
        assertTrue(node.indexOfSend(MessageType.MSG_APPEND) < node.indexOfFirstSyncedWrite(),
                "the append leaves before the leader's own sync: " + node.trace);

        node.trace.clear();
        node.step(Message.newBuilder().setMsgType(MessageType.MSG_APPEND_RESPONSE).setFrom(2).setTo(1).setTerm(term)
                .setIndex(append.getIndex() + 10).build());
        assertTrue(puts.stream().allMatch(CompletableFuture::isDone), "all ten are answered once n2 has them");
        assertEquals(0, node.syncedWrites(), "committing and applying them syncs nothing more: " + node.trace);
    }
}
