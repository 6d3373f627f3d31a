package io.faultline.raft;

import io.faultline.raft.pb.Entry;
import io.faultline.raft.pb.HardState;
import io.faultline.raft.pb.Message;
import io.faultline.raft.pb.MessageType;
import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;

/** Builds bare {@link Raft}s and messages for rule-level tests. */
final class RaftTestUtil {

    private RaftTestUtil() {}

    static Raft raft(long id, List<Long> voters) {
        return raft(id, voters, new MemoryStorage(), c -> c);
    }

    static Raft raft(long id, List<Long> voters, MemoryStorage s, UnaryOperator<RaftConfig> tweak) {
        s.setConfState(io.faultline.raft.pb.ConfState.newBuilder().addAllVoters(voters).build());
        return new Raft(tweak.apply(RaftConfig.defaults(id, s).withPreVote(false).withCheckQuorum(false)),
                List.of());
    }

    static MemoryStorage storageWith(long term, long... entryTerms) {
        MemoryStorage s = new MemoryStorage();
        s.append(RaftLogTest.ents(entryTerms));
        s.setHardState(HardState.newBuilder().setTerm(term).build());
        return s;
    }

    static Message.Builder msg(MessageType t, long from, long to, long term) {
        return Message.newBuilder().setMsgType(t).setFrom(from).setTo(to).setTerm(term);
    }

    static List<Message> take(Raft r) {
        List<Message> out = r.msgs;
        r.msgs = new ArrayList<>();
        return out;
    }

    static List<Message> ofType(List<Message> ms, MessageType t) {
        List<Message> out = new ArrayList<>();
        for (Message m : ms) {
            if (m.getMsgType() == t) {
                out.add(m);
            }
        }
        return out;
    }

    /** Makes {@code r} (preVote off) leader of its current term + 1 with votes from {@code voters}. */
    static void makeLeader(Raft r, long... voters) {
        r.step(msg(MessageType.MSG_HUP, r.id, r.id, 0).build());
        for (long v : voters) {
            r.step(msg(MessageType.MSG_REQUEST_VOTE_RESPONSE, v, r.id, r.term).build());
        }
        if (r.state != StateType.LEADER) {
            throw new AssertionError("not leader: " + r.state);
        }
        take(r);
    }

    static Entry data(String s) {
        return Entry.newBuilder().setData(com.google.protobuf.ByteString.copyFromUtf8(s)).build();
    }

    static void propose(Raft r, String s) {
        r.step(msg(MessageType.MSG_PROPOSE, r.id, r.id, 0).addEntries(data(s)).build());
    }
}
