package io.faultline.raft;

import io.faultline.raft.pb.ConfChange;
import io.faultline.raft.pb.ConfChangeSingle;
import io.faultline.raft.pb.ConfChangeTransition;
import io.faultline.raft.pb.ConfChangeV2;
import java.util.TreeSet;

/**
 * The next {@link Membership} after a committed change. A single step may change at most
 * one voter (any number of learners): the old and the new majorities then always overlap.
 * Anything more goes through a joint configuration: the old voters become the outgoing
 * half, the changes apply to the incoming half, and a later empty {@link ConfChangeV2}
 * leaves it (the leader sends that one by itself when auto-leave is on). While joint, the
 * only change accepted is leaving.
 */
final class MembershipChange {

    private MembershipChange() {}

    /** The single-step change of the original API, as a V2 change of one. */
    static ConfChangeV2 toV2(ConfChange cc) {
        return ConfChangeV2.newBuilder()
                .addChanges(ConfChangeSingle.newBuilder().setChangeType(cc.getChangeType()).setNodeId(cc.getNodeId()))
                .setContext(cc.getContext()).build();
    }

    /** Whether {@code cc} asks to leave a joint configuration. */
    static boolean leavesJoint(ConfChangeV2 cc) {
        return cc.getChangesCount() == 0;
    }

    /** Whether {@code cc} enters a joint configuration rather than taking a single step. */
    static boolean entersJoint(ConfChangeV2 cc) {
        return cc.getTransition() != ConfChangeTransition.CONF_CHANGE_TRANSITION_AUTO || cc.getChangesCount() > 1;
    }

    /**
     * The configuration after {@code cc}.
     *
     * @throws IllegalArgumentException if {@code cc} cannot follow {@code cur} (entering a joint
     *     configuration while in one, leaving one while not, a single step changing two voters,
     *     no voter left)
     */
    static Membership apply(Membership cur, ConfChangeV2 cc) {
        return apply(cur, cc, true);
    }

    /**
     * As {@link #apply(Membership, ConfChangeV2)}, for a node that knows no configuration
     * at all: one that joined with an empty one and replays the log. It cannot check the
     * changes against the configuration they were proposed in, so it takes them as they
     * come (leaving a joint configuration it never entered changes nothing). It learns
     * the real configuration from a snapshot.
     */
    static Membership applyWithoutBase(Membership cur, ConfChangeV2 cc) {
        return apply(cur, cc, false);
    }

    private static Membership apply(Membership cur, ConfChangeV2 cc, boolean strict) {
        if (leavesJoint(cc)) {
            if (!cur.joint() && !strict) {
                return cur;
            }
            if (!cur.joint()) {
                throw new IllegalArgumentException("conf change: not in a joint configuration, nothing to leave");
            }
            TreeSet<Long> learners = new TreeSet<>(cur.learners);
            learners.addAll(cur.learnersNext);
            return new Membership(cur.voters, java.util.List.of(), learners, java.util.List.of(), false);
        }
        if (cur.joint()) {
            throw new IllegalArgumentException("conf change: in a joint configuration (" + cur
                    + "); leave it before another change");
        }
        boolean joint = entersJoint(cc);
        TreeSet<Long> voters = new TreeSet<>(cur.voters);
        TreeSet<Long> learners = new TreeSet<>(cur.learners);
        TreeSet<Long> learnersNext = new TreeSet<>();
        TreeSet<Long> outgoing = joint ? new TreeSet<>(cur.voters) : new TreeSet<>();
        for (ConfChangeSingle c : cc.getChangesList()) {
            long id = c.getNodeId();
            if (id == Raft.NONE) {
                continue;
            }
            switch (c.getChangeType()) {
                case ADD_NODE -> {
                    learners.remove(id);
                    learnersNext.remove(id);
                    voters.add(id);
                }
                case ADD_LEARNER_NODE -> {
                    voters.remove(id);
                    // A voter of the outgoing half still votes there: it turns learner on leaving.
                    if (outgoing.contains(id)) {
                        learnersNext.add(id);
                    } else {
                        learners.add(id);
                    }
                }
                case REMOVE_NODE -> {
                    voters.remove(id);
                    learners.remove(id);
                    learnersNext.remove(id);
                }
                default -> throw new IllegalArgumentException("conf change: unknown type " + c.getChangeType());
            }
        }
        if (voters.isEmpty() && strict) {
            throw new IllegalArgumentException("conf change: it would remove every voter");
        }
        if (!joint && strict) {
            TreeSet<Long> changed = new TreeSet<>(voters);
            changed.addAll(cur.voters);
            changed.removeIf(id -> voters.contains(id) && cur.voters.contains(id));
            if (changed.size() > 1) {
                throw new IllegalArgumentException("conf change: a single step may change one voter, this changes "
                        + changed + "; use a joint configuration");
            }
        }
        boolean autoLeave = !outgoing.isEmpty() && cc.getTransition() != ConfChangeTransition.CONF_CHANGE_TRANSITION_JOINT_EXPLICIT;
        return new Membership(voters, outgoing, learners, learnersNext, autoLeave);
    }
}
