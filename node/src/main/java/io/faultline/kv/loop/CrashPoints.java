package io.faultline.kv.loop;

import io.faultline.raft.Ready;
import io.faultline.raft.pb.Entry;
import io.faultline.raft.pb.Message;
import io.faultline.raft.pb.MessageType;
import java.util.List;

/** The armed {@link CrashPoint} (set from any thread) and the tests of whether a Ready reaches it. */
final class CrashPoints {
    private volatile CrashPoint armed = CrashPoint.NONE;
    private volatile long commitIndex;

    void arm(CrashPoint point, long atCommitIndex) {
        commitIndex = atCommitIndex;
        armed = point;
    }

    CrashPoint armed() {
        return armed;
    }

    /** {@code after-commit}: what to say when {@code rd} commits through the armed index, else null. */
    String afterCommit(Ready rd, long term) {
        if (armed != CrashPoint.AFTER_COMMIT || rd.committedEntries().isEmpty()) return null;
        List<Entry> committed = rd.committedEntries();
        Entry last = committed.get(committed.size() - 1);
        if (last.getIndex() < commitIndex) return null;
        return "after-commit: applied " + committed.get(0).getIndex() + ".." + last.getIndex() + " (last of term "
                + last.getTerm() + ", now term " + term + ") and answered its clients; " + rd.messages().size()
                + " messages of this Ready not sent";
    }

    /** {@code after-vote-grant}: what to say when {@code sent} grants a vote, else null. */
    String afterVoteGrant(List<Message> sent) {
        if (armed != CrashPoint.AFTER_VOTE_GRANT) return null;
        for (Message m : sent) {
            if (m.getMsgType() == MessageType.MSG_REQUEST_VOTE_RESPONSE && !m.getReject()) {
                return "after-vote-grant: granted n" + m.getTo() + " the vote in term " + m.getTerm();
            }
        }
        return null;
    }
}
