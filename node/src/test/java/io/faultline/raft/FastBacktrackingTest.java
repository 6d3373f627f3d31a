package io.faultline.raft;

import static io.faultline.raft.RaftTestUtil.makeLeader;
import static io.faultline.raft.RaftTestUtil.msg;
import static io.faultline.raft.RaftTestUtil.take;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.faultline.raft.pb.Message;
import io.faultline.raft.pb.MessageType;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * A rejected append carries the follower's (index, term) hint and the leader skips a whole
 * term per round trip: a follower whose log diverges from the leader's in entries of k
 * distinct terms is probed at most k + 1 times before the probe that matches, however
 * many entries those terms hold.
 */
class FastBacktrackingTest {

    /** Two logs sharing a prefix, then diverging: the follower's suffix has {@code k} distinct terms. */
    private record Logs(long[] leader, long[] follower, int followerTermsBehind) {}

    /**
     * Common prefix of term 1; then the leader's suffix in even terms and the follower's in
     * odd ones (so no entry of the suffixes can be the same), each term 1-60 entries long.
     */
    private static Logs diverging(SplittableRandom r, int k) {
        int prefix = 1 + r.nextInt(20);
        List<Long> leader = new ArrayList<>();
        List<Long> follower = new ArrayList<>();
        for (int i = 0; i < prefix; i++) {
            leader.add(1L);
            follower.add(1L);
        }
        long term = 1;
        for (int t = 0; t < k; t++) {
            term += 1 + r.nextInt(3);
            long odd = term | 1;
            for (int n = 1 + r.nextInt(60); n > 0; n--) {
                follower.add(odd);
            }
            term = odd;
        }
        long lterm = 0;
        for (int t = 1 + r.nextInt(k + 1); t > 0; t--) {
            lterm += 2 + 2L * r.nextInt(3);
            for (int n = 1 + r.nextInt(60); n > 0; n--) {
                leader.add(lterm);
            }
        }
        return new Logs(toArray(leader), toArray(follower), k);
    }

    private static long[] toArray(List<Long> l) {
        return l.stream().mapToLong(Long::longValue).toArray();
    }

    private record CatchUp(int rejections, Raft leader, Raft follower) {}

    /** Runs leader → follower appends and answers back, one round trip at a time, until nothing is left to send. */
    private static CatchUp catchUp(Logs logs, boolean termHint) {
        long top = Math.max(logs.leader()[logs.leader().length - 1], logs.follower()[logs.follower().length - 1]);
        Raft leader = RaftTestUtil.raft(1, List.of(1L, 2L, 3L), RaftTestUtil.storageWith(top, logs.leader()), c -> c);
        Raft follower = RaftTestUtil.raft(2, List.of(1L, 2L, 3L), RaftTestUtil.storageWith(top, logs.follower()),
                c -> termHint ? c : c.withBrokenRules(java.util.Set.of(BrokenRule.NO_REJECT_TERM_HINT)));
        makeLeader(leader, 3);
        leader.prs.get(2L).probeSent = false; // makeLeader dropped the first probe
        leader.sendAppend(2);
        int rejections = 0;
        for (int round = 0; round < 100_000; round++) {
            List<Message> appends = RaftTestUtil.ofType(take(leader), MessageType.MSG_APPEND);
            if (appends.isEmpty()) {
                return new CatchUp(rejections, leader, follower);
            }
            for (Message m : appends) {
                follower.step(m);
            }
            for (Message resp : take(follower)) {
                if (resp.getReject()) {
                    rejections++;
                }
                leader.step(resp);
            }
        }
        throw new AssertionError("no catch-up in 100,000 round trips");
    }

    private static void assertCaughtUp(CatchUp c) {
        assertEquals(c.leader().raftLog.lastIndex(), c.follower().raftLog.lastIndex());
        for (long i = 1; i <= c.leader().raftLog.lastIndex(); i++) {
            assertEquals(c.leader().raftLog.term(i), c.follower().raftLog.term(i), "term at " + i);
        }
    }

    private static int worstOverBound(boolean termHint) {
        int worst = Integer.MIN_VALUE;
        long total = 0;
        for (long seed = 0; seed < 300; seed++) {
            SplittableRandom r = new SplittableRandom(seed);
            Logs logs = diverging(r, 1 + r.nextInt(8));
            CatchUp c = catchUp(logs, termHint);
            assertCaughtUp(c);
            worst = Math.max(worst, c.rejections() - (logs.followerTermsBehind() + 1));
            total += c.rejections();
        }
        System.out.printf("backtracking (term hint %s): 300 catch-ups, %d rejections in all, worst %+d against k + 1%n",
                termHint ? "on" : "off", total, worst);
        return worst;
    }

    @Test
    void aFollowerKTermsBehindIsProbedAtMostKPlusOneTimes() {
        assertTrue(worstOverBound(true) <= 0, "some catch-up took more than k + 1 rejections");
    }

    @Test
    void withoutTheTermHintTheSameLogsBreakTheBound() {
        // The same check, with the follower answering only its last index as before: the
        // leader walks back one index per round trip and the bound fails by far.
        assertTrue(worstOverBound(false) > 20, "the bound check cannot tell the hint from none");
    }

    @Test
    void theIssuesShapeALongerStaleFollowerLogCatchesUpInTwoProbes() {
        // The follower holds 206 entries (terms 1-10), the leader 210 whose suffix from 91 is
        // of term 12: the follower's last index is above every probe, so an index-only hint
        // never helps; the term hint jumps straight to 90.
        long[] follower = new long[206];
        long[] leader = new long[210];
        for (int i = 0; i < 206; i++) {
            follower[i] = i < 90 ? 1 : 2 + (i - 90) / 15;
        }
        for (int i = 0; i < 210; i++) {
            leader[i] = i < 90 ? 1 : 12;
        }
        CatchUp fast = catchUp(new Logs(leader, follower, 8), true);
        assertCaughtUp(fast);
        assertEquals(1, fast.rejections(), "one rejection, then the probe at 90 matches");
        CatchUp slow = catchUp(new Logs(leader, follower, 8), false);
        assertCaughtUp(slow);
        assertEquals(117, slow.rejections, "the probe at 210, then index by index from 206 down to 91");
    }

    @Test
    void aFollowerThatIsOnlyShortIsFoundInOneRejection() {
        long[] leader = {1, 1, 2, 2, 2, 3, 3, 5, 5, 5, 5};
        long[] follower = {1, 1, 2};
        CatchUp c = catchUp(new Logs(leader, follower, 0), true);
        assertCaughtUp(c);
        assertEquals(1, c.rejections());
    }

    @Test
    void aHintWithoutATermFromAnOlderFollowerStillWorks() {
        Raft leader = RaftTestUtil.raft(1, List.of(1L, 2L), RaftTestUtil.storageWith(3, 1, 1, 2, 2, 3), c -> c);
        makeLeader(leader, 2);
        leader.step(msg(MessageType.MSG_APPEND_RESPONSE, 2, 1, leader.term).setReject(true)
                .setIndex(leader.raftLog.lastIndex() - 1).setRejectHint(2).build());
        Message probe = RaftTestUtil.ofType(take(leader), MessageType.MSG_APPEND).get(0);
        assertEquals(2, probe.getIndex(), "probes right after the follower's last index");
    }

    @Test
    void theHintNeverSkipsBelowTheLastCommonEntry() {
        RaftLog log = new RaftLog(RaftTestUtil.storageWith(5, 1, 1, 3, 3, 3, 5), 0);
        assertEquals(5, log.lastIndexWithTermAtMost(6, 4));
        assertEquals(5, log.lastIndexWithTermAtMost(100, 3));
        assertEquals(2, log.lastIndexWithTermAtMost(4, 2));
        assertEquals(0, log.lastIndexWithTermAtMost(6, 0));
        assertEquals(6, log.lastIndexWithTermAtMost(6, 9));
    }
}
