package io.faultline.raft;

import io.faultline.raft.pb.ConfState;
import java.util.Collection;
import java.util.Collections;
import java.util.Map;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.function.LongPredicate;

/**
 * One configuration and the quorum arithmetic over it. Outside a joint configuration a
 * decision (a commit, an election, a CheckQuorum round, a read) needs a majority of
 * {@link #voters}; in a joint one it needs a majority of {@link #voters} and, separately,
 * a majority of {@link #outgoing} (Raft thesis §4.3). Learners receive the log and count
 * for nothing. Immutable; {@link MembershipChange} makes the next one.
 */
final class Membership {

    enum Vote { PENDING, WON, LOST }

    /** The incoming voters (the only ones outside a joint configuration). */
    final SortedSet<Long> voters;
    /** The voters of the configuration being left; empty unless joint. */
    final SortedSet<Long> outgoing;
    final SortedSet<Long> learners;
    /** Outgoing voters that turn learner when the joint configuration is left. */
    final SortedSet<Long> learnersNext;
    /** The leader leaves the joint configuration by itself once it is applied. */
    final boolean autoLeave;

    Membership(Collection<Long> voters, Collection<Long> outgoing, Collection<Long> learners,
               Collection<Long> learnersNext, boolean autoLeave) {
        this.voters = frozen(voters);
        this.outgoing = frozen(outgoing);
        this.learners = frozen(learners);
        this.learnersNext = frozen(learnersNext);
        this.autoLeave = autoLeave;
    }

    private static SortedSet<Long> frozen(Collection<Long> ids) {
        return Collections.unmodifiableSortedSet(new TreeSet<>(ids));
    }

    static Membership of(ConfState cs) {
        return new Membership(cs.getVotersList(), cs.getVotersOutgoingList(), cs.getLearnersList(),
                cs.getLearnersNextList(), cs.getAutoLeave());
    }

    ConfState toConfState() {
        return ConfState.newBuilder().addAllVoters(voters).addAllVotersOutgoing(outgoing).addAllLearners(learners)
                .addAllLearnersNext(learnersNext).setAutoLeave(autoLeave).build();
    }

    boolean joint() {
        return !outgoing.isEmpty();
    }

    /** A voter of the incoming or the outgoing configuration: may campaign and must be counted. */
    boolean isVoter(long id) {
        return voters.contains(id) || outgoing.contains(id);
    }

    SortedSet<Long> allVoters() {
        TreeSet<Long> all = new TreeSet<>(voters);
        all.addAll(outgoing);
        return all;
    }

    /** Everyone the leader replicates to. */
    SortedSet<Long> members() {
        TreeSet<Long> all = new TreeSet<>(allVoters());
        all.addAll(learners);
        return all;
    }

    /** Whether {@code id}'s own vote and acknowledgement decide everything alone. */
    boolean soleVoterIs(long id) {
        return voters.equals(Collections.singleton(id)) && (!joint() || outgoing.equals(Collections.singleton(id)));
    }

    /** The highest of the first {@code n} of {@code matches} that a majority of them reach (reorders them); 0 for none. */
    static long majorityIndex(long[] matches, int n) {
        if (n == 0) {
            return 0;
        }
        java.util.Arrays.sort(matches, 0, n);
        return matches[n - (n / 2 + 1)];
    }

    /** Where an election stands: won needs both majorities; lost as soon as either is out of reach. */
    Vote tally(Map<Long, Boolean> votes) {
        Vote in = tally(voters, votes);
        if (!joint()) {
            return in;
        }
        Vote out = tally(outgoing, votes);
        if (in == Vote.LOST || out == Vote.LOST) {
            return Vote.LOST;
        }
        return in == Vote.WON && out == Vote.WON ? Vote.WON : Vote.PENDING;
    }

    private static Vote tally(SortedSet<Long> ids, Map<Long, Boolean> votes) {
        int yes = 0;
        int missing = 0;
        for (long id : ids) {
            Boolean v = votes.get(id);
            if (v == null) {
                missing++;
            } else if (v) {
                yes++;
            }
        }
        int quorum = ids.size() / 2 + 1;
        if (yes >= quorum) {
            return Vote.WON;
        }
        return yes + missing >= quorum ? Vote.PENDING : Vote.LOST;
    }

    /** Whether the voters for which {@code ok} holds form a quorum (in both halves when joint). */
    boolean hasQuorum(LongPredicate ok) {
        return hasMajority(voters, ok) && (!joint() || hasMajority(outgoing, ok));
    }

    private static boolean hasMajority(SortedSet<Long> ids, LongPredicate ok) {
        int n = 0;
        for (long id : ids) {
            if (ok.test(id)) {
                n++;
            }
        }
        return n >= ids.size() / 2 + 1;
    }

    @Override
    public String toString() {
        return joint() ? "voters " + voters + " & " + outgoing + (learners.isEmpty() ? "" : " learners " + learners)
                + (learnersNext.isEmpty() ? "" : " learners next " + learnersNext) + (autoLeave ? " auto-leave" : "")
                : "voters " + voters + (learners.isEmpty() ? "" : " learners " + learners);
    }
}
