package io.faultline.raft;

import io.faultline.raft.pb.Entry;
import io.faultline.raft.pb.Snapshot;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Watches a simulated cluster and throws {@link InvariantViolation} when Raft's
 * safety properties break: election safety (one leader per term), log matching,
 * leader completeness and state machine safety (every node applies the same entry
 * at each index, so applied sequences are prefixes of one another).
 */
final class InvariantChecker {

    private final Map<Long, Long> leaderOfTerm = new HashMap<>();
    /** Every entry known committed (seen committed by some node), by index. */
    private final TreeMap<Long, Entry> committed = new TreeMap<>();
    private final Map<Long, Long> committedSeen = new HashMap<>();
    private final Map<Long, Long> leaderCheckedTerm = new HashMap<>();
    private final Map<com.google.protobuf.ByteString, Long> readFloor = new HashMap<>();
    private long now;

    void setTime(long tick) {
        now = tick;
    }

    private InvariantViolation violation(String what) {
        return new InvariantViolation("tick " + now + ": " + what);
    }

    /** Checks after every round of the simulation. */
    void check(Collection<SimNode> nodes) {
        for (SimNode n : nodes) {
            if (!n.up()) {
                continue;
            }
            Raft r = n.rawNode.raft();
            checkLogShape(n, r.raftLog);
            recordCommitted(n, r);
            if (r.state == StateType.LEADER) {
                Long prev = leaderOfTerm.putIfAbsent(r.term, n.id);
                if (prev != null && prev != n.id) {
                    throw violation("election safety: nodes " + prev + " and " + n.id + " both lead term " + r.term);
                }
                Long checkedTerm = leaderCheckedTerm.get(n.id);
                if (checkedTerm == null || checkedTerm != r.term) {
                    leaderCheckedTerm.put(n.id, r.term);
                    checkLeaderCompleteness(n, r);
                }
            }
        }
    }

    /** RaftLog's own invariants: first-1 ≤ applied ≤ committed ≤ last, first-1 ≤ stabled ≤ last. */
    private void checkLogShape(SimNode n, RaftLog log) {
        long first = log.firstIndex();
        long last = log.lastIndex();
        if (!(first - 1 <= log.applied() && log.applied() <= log.committed() && log.committed() <= last
                && first - 1 <= log.stabled() && log.stabled() <= last)) {
            throw violation("raft log of node " + n.id + " out of shape: first " + first + ", applied "
                    + log.applied() + ", committed " + log.committed() + ", stabled " + log.stabled() + ", last " + last);
        }
    }

    private void recordCommitted(SimNode n, Raft r) {
        RaftLog log = r.raftLog;
        long from = Math.max(committedSeen.getOrDefault(n.id, 0L) + 1, log.firstIndex());
        for (long i = from; i <= log.committed(); i++) {
            Entry e = log.slice(i, i + 1).get(0);
            Entry known = committed.putIfAbsent(i, e);
            if (known != null && !sameEntry(known, e)) {
                throw violation("state machine safety: node " + n.id + " committed " + describe(e)
                        + " where " + describe(known) + " was committed before");
            }
        }
        committedSeen.put(n.id, Math.max(committedSeen.getOrDefault(n.id, 0L), log.committed()));
    }

    private void checkLeaderCompleteness(SimNode n, Raft r) {
        RaftLog log = r.raftLog;
        for (Entry e : committed.tailMap(log.firstIndex(), true).values()) {
            long t = log.termOrMinus1(e.getIndex());
            if (t != e.getTerm()) {
                throw violation("leader completeness: new leader " + n.id + " of term " + r.term
                        + " lacks committed " + describe(e) + " (has term " + t + ")");
            }
        }
    }

    /** A node applies {@code e}: it must be the next index and the entry every other node applies there. */
    void onApply(SimNode n, Entry e) {
        if (e.getIndex() != n.appliedIndex + 1) {
            throw violation("node " + n.id + " applied index " + e.getIndex() + " after " + n.appliedIndex);
        }
        Entry known = committed.putIfAbsent(e.getIndex(), e);
        if (known != null && !sameEntry(known, e)) {
            throw violation("state machine safety: node " + n.id + " applied " + describe(e)
                    + " but " + describe(known) + " was committed at that index");
        }
    }

    /** A restored snapshot must hold exactly the committed entries up to its index. */
    void onSnapshotRestored(SimNode n, Snapshot s) {
        List<Entry> sm = SimNode.decode(s.getData());
        for (Entry e : sm) {
            Entry known = committed.putIfAbsent(e.getIndex(), e);
            if (known != null && !sameEntry(known, e)) {
                throw violation("snapshot at " + s.getMetadata().getIndex() + " restored on node " + n.id
                        + " holds " + describe(e) + " but " + describe(known) + " was committed");
            }
        }
    }

    /** A read starts: whatever is committed by now must be visible at its read index. */
    void onReadIssued(com.google.protobuf.ByteString ctx) {
        readFloor.put(ctx, committed.isEmpty() ? 0L : committed.lastKey());
    }

    /** Linearizable reads: a read index below an index committed before the read began is stale. */
    void onReadState(SimNode n, ReadState rs) {
        Long floor = readFloor.remove(rs.context());
        if (floor == null) {
            return; // answered twice (a duplicated message): the first answer was checked
        }
        if (rs.index() < floor) {
            throw violation("stale read: node " + n.id + " got read index " + rs.index() + " for "
                    + rs.context().toStringUtf8() + " but index " + floor + " was committed before the read began");
        }
    }

    /** Log matching: if two logs hold an entry with the same index and term, they agree on everything before it. */
    void checkLogMatching(Collection<SimNode> nodes) {
        List<SimNode> up = nodes.stream().filter(SimNode::up).toList();
        for (int a = 0; a < up.size(); a++) {
            for (int b = a + 1; b < up.size(); b++) {
                checkPair(up.get(a), up.get(b));
            }
        }
    }

    private void checkPair(SimNode x, SimNode y) {
        RaftLog lx = x.rawNode.raft().raftLog;
        RaftLog ly = y.rawNode.raft().raftLog;
        long lo = Math.max(lx.firstIndex(), ly.firstIndex());
        long hi = Math.min(lx.lastIndex(), ly.lastIndex());
        boolean matchedAbove = false;
        for (long i = hi; i >= lo; i--) {
            Entry ex = lx.slice(i, i + 1).get(0);
            Entry ey = ly.slice(i, i + 1).get(0);
            if (ex.getTerm() == ey.getTerm()) {
                if (!ex.equals(ey)) {
                    throw violation("log matching: nodes " + x.id + " and " + y.id + " hold different entries "
                            + describe(ex) + " / " + describe(ey) + " with the same index and term");
                }
                matchedAbove = true;
            } else if (matchedAbove) {
                throw violation("log matching: nodes " + x.id + " and " + y.id + " agree above index " + i
                        + " but differ at it (" + describe(ex) + " / " + describe(ey) + ")");
            }
        }
    }

    private static boolean sameEntry(Entry a, Entry b) {
        return a.getTerm() == b.getTerm() && a.getEntryType() == b.getEntryType() && a.getData().equals(b.getData());
    }

    private static String describe(Entry e) {
        return "(index " + e.getIndex() + ", term " + e.getTerm() + ", data '" + e.getData().toStringUtf8() + "')";
    }
}
