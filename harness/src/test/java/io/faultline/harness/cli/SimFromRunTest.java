package io.faultline.harness.cli;

import io.faultline.checker.verdict.Verdict;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.faultline.harness.nemesis.FaultPackages;
import io.faultline.harness.run.Judgement;
import io.faultline.harness.run.RunConfig;
import io.faultline.harness.sim.SimOptions;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** `faultline sim --from-run DIR`: a recorded Docker run's seed, workload and fault plan, simulated. */
class SimFromRunTest {
    @TempDir
    Path dir;

    private RunConfig recorded(String... args) throws Exception {
        RunCommand run = new RunCommand((h, m, t) -> new Judgement(Verdict.UNKNOWN, "", Map.of(), null),
                new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));
        new CommandLine(run).parseArgs(args);
        RunConfig c = run.config();
        Files.writeString(dir.resolve("config.json"), new ObjectMapper().writeValueAsString(c.toJson("test")));
        return c;
    }

    @Test
    void theSimulatedRunHasTheRecordedSeedWorkloadLoadAndFaultPlan() throws Exception {
        RunConfig run = recorded("--profile", "nightly", "--seed", "42", "--node-flags", "--unsafe-stale-reads --i-know-this-is-unsafe");
        SimCommand sim = new SimCommand(new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));
        new CommandLine(sim).parseArgs("--from-run", dir.toString());
        SimOptions o = sim.options();
        assertEquals(3, o.nodes());
        assertEquals(run.workload(), o.workload());
        assertEquals(30, o.concurrency());
        assertEquals(run.timeLimit(), o.timeLimit());
        assertEquals(run.opTimeout(), o.opTimeout());
        assertEquals("kill-all,figure-8", FaultPackages.format(o.nemesis().packages()));
        assertEquals(run.nemesisInterval(), o.nemesis().interval());
        assertEquals(run.faultDuration(), o.nemesis().duration());
        assertTrue(o.faults().faults().isEmpty(), "the simulator's own faults are off");
        assertEquals(List.of("--unsafe-stale-reads", "--i-know-this-is-unsafe"), o.nodeFlags());
        assertTrue(o.replayCommand(42).contains("--nemesis kill-all,figure-8"), o.replayCommand(42));
    }

    @Test
    void corruptionIsNotSimulatedAndSaysSo() {
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = new CommandLine(new SimCommand(new PrintStream(err, true, StandardCharsets.UTF_8)))
                .execute("--nemesis", "kill,corrupt", "--seed", "1");
        assertEquals(2, code);
        assertTrue(err.toString(StandardCharsets.UTF_8).contains("corrupt is not simulated"), err.toString(StandardCharsets.UTF_8));
    }

    @Test
    void anEtcdRunIsRefusedWithWhy() throws Exception {
        recorded("--system", "etcd", "--nodes", "3");
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = new CommandLine(new SimCommand(new PrintStream(err, true, StandardCharsets.UTF_8)))
                .execute("--from-run", dir.toString());
        assertEquals(2, code);
        assertTrue(err.toString(StandardCharsets.UTF_8).contains("the run was of etcd"), err.toString(StandardCharsets.UTF_8));
    }
}
