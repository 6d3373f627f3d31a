package io.faultline.harness.nemesis;

import io.faultline.harness.system.Capability;
import io.faultline.harness.system.NodeStatus;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * A scripted fault for votes that do not survive a crash. A vote only counts if the
 * voter still knows it gave it after a restart; the instant that tests this (between
 * sending a grant and hearing from the new leader) lasts a millisecond, so no kill
 * from outside hits it. The node's crash point does. The steps, each wait bounded:
 *
 * <ol>
 *   <li>Arm the {@value #CRASH_POINT} crash point on every follower and SIGKILL the
 *       leader L.</li>
 *   <li>The first follower G to grant a vote in the new term T halts on the spot.
 *       The candidate C it voted for leads T alone until it has appended some client writes
 *       (at most a few seconds; it cannot commit them), then is cut off from everyone.</li>
 *   <li>L and G restart together, and the nodes other than C elect a leader W. G must
 *       refuse a second candidate in T, so W's term is later than T. If G forgot its vote
 *       (and so its term: it restarts at its last entry's term, as L does, both before T),
 *       the first election after the restart is for T, and whoever wins it is a second
 *       leader of T: said in the fault's description and extra ({@code two-leaders-in-term}).
 *       Only a split vote of that election (both campaigning at once) passes T by.</li>
 *   <li>The network heals and W hands leadership to C. After a double vote, C kept
 *       its own entries of T where W wrote others at the same index and term, which
 *       Raft's log matching takes for the same entries; once C leads, the writes W
 *       acknowledged are gone, and reads show it.</li>
 * </ol>
 */
public record VoteCrash() implements ScriptedFault {
    public static final FaultPackage PACKAGE = new FaultPackage("vote-crash",
            "scripted: a follower crashes right after granting a vote (node crash point), the rest"
            + " elect without the candidate, which then gets leadership back (exposes votes that are not durable)",
            Set.of(Capability.CRASH_POINTS), d -> new VoteCrash());

    public String kind() {
        return PACKAGE.name();
    }

    public String describe() {
        return "vote-crash (a follower crashes right after granting its vote)";
    }

    static final String CRASH_POINT = "after-vote-grant";
    /** Entries the candidate should append as leader of its term before it is cut off. */
    static final int CANDIDATE_ENTRIES = 20;
    /** How long the candidate may lead alone for them: it cannot commit, so its clients wait. */
    static final java.time.Duration CANDIDATE_WAIT = java.time.Duration.ofSeconds(3);

    /** Runs the steps; every node may be down or cut off on return, which {@link #stop} undoes. */
    public Struck play(ScriptSteps steps, int leader) throws InterruptedException {
        FaultTarget target = steps.target();
        List<Integer> nodes = target.nodes();
        List<Integer> followers = new ArrayList<>(nodes);
        followers.remove(Integer.valueOf(leader));
        Map<String, Object> extra = new LinkedHashMap<>();
        extra.put("old-leader", leader);

        steps.arm(followers, CRASH_POINT);
        target.kill(leader);
        List<Integer> crashed = steps.awaitGone(followers, ScriptSteps.CRASH_WAIT);
        for (int n : followers) {
            if (!crashed.contains(n)) steps.disarm(n);
        }
        if (crashed.isEmpty()) {
            return Struck.found("vote-crash: leader n" + leader + " killed, but no follower granted a vote within "
                    + ScriptSteps.CRASH_WAIT.toSeconds() + " s", extra);
        }
        int granter = crashed.get(0);
        extra.put("granter", granter);
        Optional<NodeStatus> c = target.statuses().stream()
                .filter(s -> s.answered() && s.id() != leader && !crashed.contains(s.id()))
                .max(Comparator.comparingLong((NodeStatus s) -> s.state().term())
                        .thenComparing(NodeStatus::isLeader));
        if (c.isEmpty()) return Struck.found("vote-crash: n" + granter + " crashed after a grant, but no candidate answered", extra);
        int candidate = c.get().id();
        long term = c.get().state().term();
        extra.put("candidate", candidate);
        extra.put("term", term);
        List<Integer> restart = new ArrayList<>(List.of(leader));
        restart.addAll(crashed);
        steps.say("n" + granter + " crashed right after its grant; n" + candidate + " (term " + term
                + ") is cut off; restarting " + ScriptSteps.names(restart));

        // What a double vote loses is what C appended in T: the second leader's entries at the
        // same indices carry the same term, so C, back in charge, keeps its own and the writes
        // the second leader acknowledged there vanish. C is cut off only once it has taken some
        // client writes as leader of T (bounded), so that there is something to lose.
        long candidateBase = c.get().state().lastIndex();
        Optional<NodeStatus> led = steps.awaitLeadingTo(candidate, term, candidateBase + CANDIDATE_ENTRIES, CANDIDATE_WAIT);
        long candidateLast = led.map(s -> s.state().lastIndex()).orElse(candidateBase);
        // C may not be seen leading T (still a candidate when read, or deposed within a
        // moment by CheckQuorum): then this script cannot tell a second leader of T apart,
        // though the nodes' logs still can (SafetyLines).
        boolean candidateLed = c.get().isLeader() || led.filter(s -> s.isLeader() && s.state().term() == term).isPresent();
        List<Integer> rest = new ArrayList<>(nodes);
        rest.remove(Integer.valueOf(candidate));
        steps.isolate(candidate);
        // Together: whichever of them wins the first election after the restart is the second
        // leader of T if G forgot its vote, so their order matters only to a split vote.
        // (Restarting L first and waiting for it to answer cost a whole JVM start: a median
        // 9 s in the matrix runs of 2026-11-30 at load 23-40.)
        for (int n : restart) target.restart(n);
        for (int n : restart) steps.awaitAnswer(n);
        Optional<NodeStatus> winner = steps.awaitLeaderAmong(rest);
        target.healNetwork();
        if (winner.isEmpty()) {
            return Struck.found("vote-crash: n" + granter + " granted n" + candidate + " its vote in term " + term
                    + " and crashed; no leader among " + ScriptSteps.names(rest) + " within "
                    + ScriptSteps.ELECTION_WAIT.toSeconds() + " s", extra);
        }
        int second = winner.get().id();
        long secondTerm = winner.get().state().term();
        extra.put("candidate-last-index", candidateLast);
        extra.put("second-leader", second);
        extra.put("second-leader-term", secondTerm);
        extra.put("second-leader-last-index", winner.get().state().lastIndex());
        extra.put("candidate-led", candidateLed);
        extra.put("two-leaders-in-term", candidateLed && secondTerm == term);
        // The statuses are polls: a candidate that won T for a moment (CheckQuorum deposes it
        // alone) may never be seen leading, and one seen only as a candidate may already be
        // campaigning past the term of the grant. The node logs tell for sure (SafetyLines).
        String verdict = secondTerm > term ? "the vote was kept"
                : secondTerm < term ? "an earlier term than the candidate's: the term was forgotten"
                : candidateLed ? "TWO LEADERS IN ONE TERM: the vote was forgotten"
                : "the term n" + candidate + " campaigned in, though it was not seen leading it: the vote was"
                        + " forgotten if the grant was of that term (the node logs tell)";
        String handBack = steps.handLeadership(second, candidate);
        return Struck.found(String.format("vote-crash: n%d granted n%d its vote in term %d and crashed; with n%d cut off,"
                + " n%d was elected in term %d (%s); %s", granter, candidate, term, candidate, second, secondTerm,
                verdict, handBack), extra);
    }
}
