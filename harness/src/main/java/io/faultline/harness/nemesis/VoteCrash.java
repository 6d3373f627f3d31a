package io.faultline.harness.nemesis;

import io.faultline.harness.cluster.NodeStatus;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

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
 *       The candidate C it voted for is cut off from everyone.</li>
 *   <li>L and then G restart, and the nodes other than C elect a leader W. G must refuse
 *       a second candidate in T, so W's term is later than T. If G forgot its vote,
 *       W can be a second leader of T: said in the fault's description and extra
 *       ({@code two-leaders-in-term}).</li>
 *   <li>The network heals and W hands leadership to C. After a double vote, C kept
 *       its own entries of T where W wrote others at the same index and term, which
 *       Raft's log matching takes for the same entries; once C leads, the writes W
 *       acknowledged are gone, and reads show it.</li>
 * </ol>
 */
final class VoteCrash {
    static final String CRASH_POINT = "after-vote-grant";
    private static final Duration GRANT_WAIT = Duration.ofSeconds(15);
    private static final Duration ELECTION_WAIT = Duration.ofSeconds(20);
    private static final Duration TRANSFER_WAIT = Duration.ofSeconds(10);
    private static final long POLL_MS = 50;

    /** What happened, for the nemesis op's description and extra. */
    record Outcome(String description, Map<String, Object> extra) {}

    private final FaultTarget target;
    private final Consumer<String> log;

    VoteCrash(FaultTarget target, Consumer<String> log) {
        this.target = target;
        this.log = log;
    }

    /** Runs the steps; every node may be down or cut off on return, which {@link Nemesis#end} undoes. */
    Outcome run(int leader) throws InterruptedException {
        List<Integer> nodes = target.nodes();
        List<Integer> followers = new ArrayList<>(nodes);
        followers.remove(Integer.valueOf(leader));
        Map<String, Object> extra = new LinkedHashMap<>();
        extra.put("old-leader", leader);

        for (int n : followers) target.armCrashPoint(n, CRASH_POINT);
        target.kill(leader);
        List<Integer> crashed = awaitCrash(followers);
        for (int n : followers) {
            if (!crashed.contains(n)) disarm(n);
        }
        if (crashed.isEmpty()) {
            return new Outcome("vote-crash: leader n" + leader + " killed, but no follower granted a vote within "
                    + GRANT_WAIT.toSeconds() + " s", extra);
        }
        int granter = crashed.get(0);
        extra.put("granter", granter);
        Optional<NodeStatus> c = target.statuses().stream()
                .filter(s -> s.answered() && s.id() != leader && !crashed.contains(s.id()))
                .max(Comparator.comparingLong((NodeStatus s) -> s.status().getTerm())
                        .thenComparing(NodeStatus::isLeader));
        if (c.isEmpty()) return new Outcome("vote-crash: n" + granter + " crashed after a grant, but no candidate answered", extra);
        int candidate = c.get().id();
        long term = c.get().status().getTerm();
        extra.put("candidate", candidate);
        extra.put("term", term);
        log.accept("vote-crash: n" + granter + " crashed right after its grant; n" + candidate + " (term " + term
                + ") is cut off; restarting " + names(withLeader(crashed, leader)));

        List<Integer> rest = new ArrayList<>(nodes);
        rest.remove(Integer.valueOf(candidate));
        target.partition(Connectivity.groups(nodes, List.of(List.of(candidate), rest)));
        // The old leader first: once it is up, it campaigns before the granter's fresh
        // election timer runs out, so the two do not split the vote of term T.
        target.restart(leader);
        awaitAnswer(leader);
        for (int n : crashed) target.restart(n);
        Optional<NodeStatus> winner = awaitLeaderAmong(rest);
        target.healNetwork();
        if (winner.isEmpty()) {
            return new Outcome("vote-crash: n" + granter + " granted n" + candidate + " its vote in term " + term
                    + " and crashed; no leader among " + names(rest) + " within " + ELECTION_WAIT.toSeconds() + " s", extra);
        }
        int second = winner.get().id();
        long secondTerm = winner.get().status().getTerm();
        extra.put("candidate-last-index", c.get().status().getLastIndex());
        extra.put("second-leader", second);
        extra.put("second-leader-term", secondTerm);
        extra.put("second-leader-last-index", winner.get().status().getLastIndex());
        extra.put("two-leaders-in-term", secondTerm == term);
        String verdict = secondTerm > term ? "the vote was kept"
                : secondTerm == term ? "TWO LEADERS IN ONE TERM: the vote was forgotten"
                : "an earlier term than the candidate's: the term was forgotten";
        String handBack = handBack(second, candidate);
        return new Outcome(String.format("vote-crash: n%d granted n%d its vote in term %d and crashed; with n%d cut off,"
                + " n%d was elected in term %d (%s); %s", granter, candidate, term, candidate, second, secondTerm,
                verdict, handBack), extra);
    }

    /** Disarms every node that runs; for the end of the fault, whatever state the steps left. */
    void disarmAll() {
        for (int n : target.nodes()) {
            if (target.running(n)) disarm(n);
        }
    }

    private void disarm(int node) {
        try {
            target.armCrashPoint(node, "none");
        } catch (RuntimeException e) {
            log.accept("vote-crash: disarming n" + node + " failed: " + e.getMessage());
        }
    }

    /** The followers that halted, in the order they were seen gone; empty after the wait. */
    private List<Integer> awaitCrash(List<Integer> followers) throws InterruptedException {
        long deadline = System.nanoTime() + GRANT_WAIT.toNanos();
        while (System.nanoTime() < deadline) {
            List<Integer> gone = followers.stream().filter(n -> !target.running(n)).toList();
            if (!gone.isEmpty()) return gone;
            Thread.sleep(POLL_MS);
        }
        return List.of();
    }

    private void awaitAnswer(int node) throws InterruptedException {
        long deadline = System.nanoTime() + ELECTION_WAIT.toNanos();
        while (System.nanoTime() < deadline) {
            if (target.statuses().stream().anyMatch(s -> s.id() == node && s.answered())) return;
            Thread.sleep(POLL_MS);
        }
    }

    private Optional<NodeStatus> awaitLeaderAmong(List<Integer> group) throws InterruptedException {
        long deadline = System.nanoTime() + ELECTION_WAIT.toNanos();
        while (System.nanoTime() < deadline) {
            Optional<NodeStatus> leader = target.statuses().stream()
                    .filter(s -> group.contains(s.id()) && s.isLeader()).findFirst();
            if (leader.isPresent()) return leader;
            Thread.sleep(POLL_MS);
        }
        return Optional.empty();
    }

    /** Asks whoever leads to hand over to {@code to} until it leads; says how it went. */
    private String handBack(int leader, int to) throws InterruptedException {
        long deadline = System.nanoTime() + TRANSFER_WAIT.toNanos();
        String last = "no attempt";
        int from = leader;
        while (System.nanoTime() < deadline) {
            try {
                target.transferLeader(from, to);
                return "leadership then handed to n" + to;
            } catch (RuntimeException e) {
                last = e.getMessage();
            }
            Thread.sleep(200);
            Optional<Integer> now = target.leader();
            if (now.isPresent() && now.get() == to) return "leadership then handed to n" + to;
            if (now.isPresent()) from = now.get();
        }
        return "handing leadership to n" + to + " failed: " + last;
    }

    private static List<Integer> withLeader(List<Integer> crashed, int leader) {
        List<Integer> out = new ArrayList<>(crashed);
        out.add(leader);
        return out;
    }

    private static String names(List<Integer> nodes) {
        return Connectivity.names(nodes);
    }
}
