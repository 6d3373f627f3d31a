package io.faultline.harness.nemesis;

import io.faultline.harness.system.Capability;
import io.faultline.harness.system.NodeStatus;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The schedule of the Raft paper's figure 8 (§5.4.2), played on three nodes with the
 * nodes' crash points, for a leader that commits an entry of an earlier term by
 * counting its replicas. Each wait is bounded:
 *
 * <ol>
 *   <li>The leader L is cut off; the writes it still takes are appended in its term
 *       T2 and nowhere else, past index S, the last the others hold.</li>
 *   <li>The other two elect in term T3 with {@code after-vote-grant} armed: the
 *       granter G halts, so the new leader X holds its entries of T3 alone.</li>
 *   <li>X is cut off instead of L, {@code after-commit} is armed on L, and G restarts.
 *       L, whose log is the longest, is elected in T4 and sends G its entries of T2,
 *       one per message. L halts right after the first Ready that commits past S,
 *       having answered the clients whose writes that commit covers. A correct L
 *       commits only once G also holds L's entry of T4.</li>
 *   <li>L stays cut off; X and G elect. If G lacks an entry of T4, X's entries of T3
 *       win and overwrite what L committed and acknowledged: lost writes, which the
 *       reads after it show. Otherwise G is elected and nothing is lost.</li>
 * </ol>
 */
public record Figure8() implements ScriptedFault {
    public static final FaultPackage PACKAGE = new FaultPackage("figure-8",
            "scripted: the Raft paper's figure-8 schedule on 3 nodes with node crash points (exposes"
            + " a leader that commits an earlier term's entry by counting replicas)",
            Set.of(Capability.CRASH_POINTS), d -> new Figure8());

    public String kind() {
        return PACKAGE.name();
    }

    public String describe() {
        return "figure-8 (an old leader re-elected over a newer one halts at its first commit)";
    }

    public Struck play(ScriptSteps steps, int leader) throws InterruptedException {
        FaultTarget target = steps.target();
        List<Integer> others = new ArrayList<>(target.nodes());
        others.remove(Integer.valueOf(leader));
        Map<String, Object> extra = new LinkedHashMap<>();
        extra.put("old-leader", leader);
        long oldTerm = steps.status(leader).map(s -> s.state().term()).orElse(0L);

        steps.arm(others, VoteCrash.CRASH_POINT);
        steps.isolate(leader);
        // What the others hold now is theirs too; L's own tail starts past it, and that
        // is what X's entries of T3 will sit over.
        long shared = others.stream().mapToLong(n -> steps.status(n).map(s -> s.state().lastIndex()).orElse(0L))
                .max().orElse(0L);
        extra.put("shared-through", shared);
        List<Integer> crashed = steps.awaitGone(others, ScriptSteps.CRASH_WAIT);
        if (crashed.isEmpty()) {
            return Struck.found("figure-8: n" + leader + " cut off, but no vote was granted within "
                    + ScriptSteps.CRASH_WAIT.toSeconds() + " s", extra);
        }
        int granter = crashed.get(0);
        int middle = others.stream().filter(n -> n != granter).findFirst().orElseThrow();
        steps.disarm(middle);
        long middleTerm = steps.status(middle).map(s -> s.state().term()).orElse(0L);
        extra.put("granter", granter);
        extra.put("middle-leader", middle);
        extra.put("middle-term", middleTerm);

        steps.isolate(middle);
        steps.armCommitCrash(leader, shared + 1);
        target.restart(granter);
        steps.say("n" + granter + " crashed granting n" + middle + " its vote in term " + middleTerm + "; n" + middle
                + " cut off; n" + leader + " armed to halt at its first commit");
        List<Integer> halted = steps.awaitGone(List.of(leader), ScriptSteps.ELECTION_WAIT);
        if (halted.isEmpty()) {
            steps.disarm(leader);
            return Struck.found("figure-8: n" + leader + " did not commit within "
                    + ScriptSteps.ELECTION_WAIT.toSeconds() + " s of n" + granter + "'s restart", extra);
        }

        steps.isolate(leader);
        Optional<NodeStatus> winner = steps.awaitLeaderAmong(List.of(middle, granter));
        if (winner.isEmpty()) {
            return Struck.found("figure-8: n" + leader + " halted at its first commit; no leader among n" + middle
                    + " and n" + granter + " within " + ScriptSteps.ELECTION_WAIT.toSeconds() + " s", extra);
        }
        int last = winner.get().id();
        extra.put("last-leader", last);
        extra.put("last-term", winner.get().state().term());
        extra.put("overwritten", last == middle);
        return Struck.found(String.format("figure-8: n%d (term %d) cut off; n%d crashed granting n%d its vote in"
                        + " term %d; n%d re-elected and halted at its first commit; then n%d was elected in term %d (%s)",
                leader, oldTerm, granter, middle, middleTerm, leader, last, winner.get().state().term(),
                last == middle ? "ITS LOG OVERWRITES WHAT n" + leader + " COMMITTED"
                        : "n" + granter + " held n" + leader + "'s entry of its own term, so nothing committed is lost"),
                extra);
    }
}
