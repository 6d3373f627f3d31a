package io.faultline.harness.sim;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.faultline.checker.history.Op;
import io.faultline.harness.nemesis.Effect;
import io.faultline.harness.nemesis.FaultPackages;
import io.faultline.harness.nemesis.FaultSchedule;
import io.faultline.harness.nemesis.Nemesis;
import io.faultline.harness.nemesis.NemesisPlan;
import io.faultline.harness.run.RunStatus;
import io.faultline.sim.FaultProfile;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The fault packages of `run`, on the same schedule, against the simulated node (`sim --nemesis`). */
class SimFaultPackagesTest {
    private static SimOptions with(String nemesis) {
        return SimOptions.defaults().withTimeLimit(Duration.ofSeconds(20))
                .withFaults(FaultProfile.parse("none", 1500, 0.01, 0.005, 0.01))
                .withNemesis(new NemesisPlan(FaultPackages.parse(nemesis), Duration.ofSeconds(4), Duration.ofSeconds(2)));
    }

    @Test
    void theScheduleIsTheDockerRunsOfTheSameSeedAndEveryFaultIsRecordedWithWhatItStruck() {
        SimOptions options = with("kill,kill-all,pause,partition");
        SimRun.Outcome o = SimRun.run(options, 11);
        FaultSchedule docker = FaultSchedule.plan(11, FaultPackages.parse("kill,kill-all,pause,partition"),
                List.of(1, 2, 3), Duration.ofSeconds(4), Duration.ofSeconds(2), Duration.ofSeconds(20));
        assertEquals(docker.faults().size(), o.planned());
        assertEquals(o.planned(), o.faults().size(), "every planned fault played: " + o.nemesisLog());
        for (int i = 0; i < o.faults().size(); i++) {
            Nemesis.Injected f = o.faults().get(i);
            assertEquals(docker.faults().get(i).fault().kind(), f.kind(), "fault " + i);
            assertEquals(docker.faults().get(i).startMillis() * 1_000_000, f.startNanos(), "on time, in virtual time");
            assertTrue(f.endNanos() > f.startNanos() && f.error() == null, f.toString());
        }
        Nemesis.Injected all = o.faults().stream().filter(f -> f.kind().equals("kill-all")).findFirst().orElseThrow();
        assertEquals(List.of(Effect.DOWN, Effect.DOWN, Effect.DOWN), List.copyOf(all.effects().values()));
        List<String> ops = o.history().stream().filter(Op::isNemesis).map(Op::f).toList();
        assertEquals(2 * o.faults().size(), ops.size());
        assertTrue(ops.contains("start-kill-all") && ops.contains("stop-kill-all"), ops.toString());
        assertEquals(RunStatus.LINEARIZABLE, o.status(), o.why());
    }

    /** A simulated run directory reads as a Docker run's: fault bands with their effects, the leader at each start. */
    @Test
    void theRunDirectoryHasTheFaultsPlannedAndPlayedTheirLeadersAndTheReplayLine(@TempDir Path root) throws Exception {
        SimOptions options = with("kill,partition");
        SimRun.Outcome o = SimRun.run(options, 11);
        Path dir = SimRunDirectory.write(root, options, o, "test");
        JsonNode result = new ObjectMapper().readTree(dir.resolve("result.json").toFile());
        assertEquals(o.planned(), result.get("faults-planned").asInt());
        assertEquals(o.planned(), result.get("faults-played").asInt());
        assertEquals(options.replayCommand(11), result.get("rerun").asText());
        for (JsonNode f : result.get("did-the-faults-bite").get("faults")) {
            assertTrue(f.get("leader-at-start").asText().matches("n\\d"), "the leader at the start, from the node logs: " + f);
        }
        String html = Files.readString(dir.resolve("report.html"));
        assertTrue(html.contains("./faultline sim --seed 11"), "the report's re-run line is the replay");
        assertTrue(html.contains("of " + o.planned() + " planned"));
    }

    @Test
    void aSeedWithFaultPackagesReplaysByteForByte() {
        SimOptions options = with("kill,partition,loss");
        SimRun.Outcome first = SimRun.run(options, 5);
        SimRun.Outcome again = SimRun.run(options, 5);
        assertArrayEquals(first.historyBytes(), again.historyBytes());
        assertEquals(first.nemesisLog(), again.nemesisLog());
    }

    /**
     * Power loss in simulation: the disk loses what was not synced. The healthy node, which syncs
     * before it acknowledges, loses no acknowledged write; the node that never syncs
     * ({@code --unsafe-lost-fsync}) is caught by power loss, and not by a kill of every node,
     * whose page cache survives.
     */
    @Test
    void powerLossDropsWhatWasNotSyncedAndOnlyTheNodeThatSkipsFsyncLosesAcknowledgedWrites() {
        SimOptions power = with("power-loss").withTimeLimit(Duration.ofSeconds(20));
        SimRun.Outcome healthy = SimRun.run(power, 3);
        String log = String.join("\n", healthy.nemesisLog());
        assertTrue(log.contains("power loss of n") && log.contains("unsynced disk batches"), log);
        assertEquals(RunStatus.LINEARIZABLE, healthy.status(), healthy.why() + "\n" + log);
        List<String> unsafe = List.of("--unsafe-lost-fsync", "--i-know-this-is-unsafe");
        int caught = 0;
        int caughtByKillAll = 0;
        for (long seed = 1; seed <= SEEDS; seed++) {
            if (SimRun.run(power.withNodeFlags(unsafe), seed).status() == RunStatus.VIOLATION) caught++;
            SimRun.Outcome k = SimRun.run(with("kill-all").withTimeLimit(Duration.ofSeconds(20)).withNodeFlags(unsafe), seed);
            if (k.status() == RunStatus.VIOLATION) caughtByKillAll++;
        }
        System.out.println("power-loss caught lost-fsync in " + caught + " of " + SEEDS + ", kill-all in " + caughtByKillAll);
        assertTrue(caught >= 3, "power loss caught the lost fsync in " + caught + " of " + SEEDS);
        assertEquals(0, caughtByKillAll, "a kill keeps the page cache");
    }

    private static final int SEEDS = 6;

    /** The scripted faults wait on the run's clock: in simulation their waits run the simulation. */
    @Test
    void theScriptedFaultsPlayTheirWholeScheduleInVirtualTime() {
        SimRun.Outcome o = SimRun.run(with("figure-8,vote-crash").withTimeLimit(Duration.ofSeconds(30)), 5);
        String log = String.join("\n", o.nemesisLog());
        assertTrue(log.contains("figure-8: n") && log.contains("re-elected and halted at its first commit"), log);
        assertTrue(log.contains("vote-crash: n") && log.contains("granted"), log);
        assertEquals(RunStatus.LINEARIZABLE, o.status(), o.why() + "\n" + log);
    }
}
