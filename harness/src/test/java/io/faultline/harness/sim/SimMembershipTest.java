package io.faultline.harness.sim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.faultline.checker.history.Op;
import io.faultline.harness.nemesis.Effect;
import io.faultline.harness.nemesis.FaultPackages;
import io.faultline.harness.nemesis.Nemesis;
import io.faultline.harness.nemesis.NemesisPlan;
import io.faultline.harness.run.RunStatus;
import io.faultline.sim.FaultProfile;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The membership fault against the simulated node: members removed through RemoveMember and
 * re-added wiped, under a new member number, through AddMember; the history holds the
 * members after every change; the healthy node loses nothing, and a node that answers reads
 * while outside its configuration is caught.
 */
class SimMembershipTest {
    /** A membership change every 6 simulated s, lasting 3 s: five of them in 30 s. */
    static final SimOptions MEMBERSHIP = SimOptions.defaults().withTimeLimit(Duration.ofSeconds(30))
            .withFaults(FaultProfile.parse("none", 1500, 0.01, 0.005, 0.01))
            .withNemesis(new NemesisPlan(FaultPackages.parse("membership"), Duration.ofSeconds(6), Duration.ofSeconds(3)));

    @Test
    void everyChangeIsInTheHistoryWithTheMembersAfterItAndTheFreshNodeHasANewIdentity() {
        SimRun.Outcome o = SimRun.run(MEMBERSHIP, 1);
        assertEquals(RunStatus.LINEARIZABLE, o.status(), o.why());
        assertEquals(o.planned(), o.faults().size(), "every planned change played: " + o.nemesisLog());
        for (Nemesis.Injected f : o.faults()) {
            assertTrue(f.error() == null, f.toString());
            assertEquals(1, f.effects().size(), f.toString());
            assertEquals(Effect.REMOVED, f.effects().values().iterator().next());
        }
        List<Op> changes = o.history().stream().filter(Op::isNemesis).toList();
        assertEquals(2 * o.faults().size(), changes.size());
        for (Op op : changes) {
            @SuppressWarnings("unchecked")
            List<String> members = (List<String>) op.extra().get("members");
            String removed = (String) op.extra().get("removed");
            if (op.f().equals("start-membership")) {
                assertEquals(2, members.size(), op.toString());
                assertTrue(!members.contains(removed), op.toString());
            } else {
                assertEquals(List.of("n1", "n2", "n3"), members, op.toString());
            }
            assertEquals(Map.of(removed, "removed"), op.extra().get("nodes"));
        }
        // The first change's node came back as member 1x (place + 10 x generation), as its log says.
        int first = o.faults().get(0).effects().keySet().iterator().next();
        assertTrue(o.nodeLogs().get((long) first).contains(" n" + (first + 10) + " "),
                "the fresh node in n" + first + "'s place logs as n" + (first + 10));
    }

    /** Five seeds, 25 changes: nothing acknowledged is lost, and the cluster agrees at the end. */
    @Test
    void theHealthyNodeLosesNothingAcrossMembershipChanges() {
        for (long seed = 1; seed <= 5; seed++) {
            SimRun.Outcome o = SimRun.run(MEMBERSHIP, seed);
            assertEquals(RunStatus.LINEARIZABLE, o.status(), "seed " + seed + ": " + o.why());
        }
    }

    /** Caught in each of seeds 1-10 when measured; a bound of 3 leaves room for schedules that shift. */
    @Test
    void aNodeThatAnswersReadsOutsideItsConfigurationIsCaught() {
        SimCatchesUnsafeFlagsTest.caughtWithin(MEMBERSHIP, "--unsafe-outsider-reads", 3);
    }

    /** Without membership changes no node is ever outside its configuration: the same flag goes unseen. */
    @Test
    void withoutMembershipChangesTheSameFlagIsNeverCaught() {
        SimOptions kills = MEMBERSHIP.withNemesis(new NemesisPlan(FaultPackages.parse("kill,partition"),
                Duration.ofSeconds(6), Duration.ofSeconds(3)));
        SimOptions flagged = kills.withNodeFlags(List.of("--unsafe-outsider-reads", "--i-know-this-is-unsafe"));
        for (long seed = 1; seed <= 3; seed++) {
            SimRun.Outcome o = SimRun.run(flagged, seed);
            assertEquals(RunStatus.LINEARIZABLE, o.status(), "seed " + seed + ": " + o.why());
        }
    }
}
