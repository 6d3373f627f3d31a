package io.faultline.harness.cli;

import io.faultline.checker.verdict.Verdict;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.faultline.harness.detect.Subject;
import io.faultline.harness.run.Judgement;
import io.faultline.harness.run.RunConfig;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** Everything about `faultline detect` that needs no Docker: parsing, the plan, refusals before any run. */
class DetectCommandTest {
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();
    private final AtomicInteger judged = new AtomicInteger();

    private DetectCommand command() {
        return new DetectCommand(new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8), (h, m, t) -> {
                    judged.incrementAndGet();
                    return new Judgement(Verdict.UNKNOWN, "unused", Map.of(), null);
                });
    }

    private int execute(String... args) {
        return new CommandLine(command()).execute(args);
    }

    @Test
    void everyRunOptionIsAnOptionOfDetect() {
        CommandLine cl = new CommandLine(command());
        for (String o : List.of("--nodes", "--time-limit", "--nemesis", "--bound-clients", "--op-timeout",
                "--node-flags", "--seed", "--flags", "--seeds", "--require")) {
            assertTrue(cl.getCommandSpec().findOption(o) != null, o);
        }
    }

    @Test
    void aProfileGivesEveryRowItsOptionsAndValidateOnlyRunsNothing() {
        DetectCommand c = command();
        assertEquals(0, new CommandLine(c).execute("--profile", "nightly", "--seeds", "2", "--time-limit", "20s",
                "--validate-only"), err.toString(StandardCharsets.UTF_8));
        assertEquals(0, judged.get(), "nothing ran");
        DetectCommand.Plan plan = c.plan();
        RunConfig healthy = plan.configs().get(Subject.HEALTHY);
        assertEquals(20, healthy.timeLimit().toSeconds(), "the option given beside the profile wins");
        assertEquals(30, healthy.concurrency(), "the profile's");
        assertEquals("nightly", healthy.profile());
        assertEquals(12, plan.matrix().runs());
    }

    @Test
    void thePlanHasOneConfigPerRowWithTheRowsFlagAfterTheUsersOwn() {
        DetectCommand c = command();
        new CommandLine(c).parseArgs("--nodes", "3", "--time-limit", "20s", "--flags", "stale-reads,lost-fsync",
                "--seeds", "4", "--seed", "7", "--node-flags", "--request-timeout-ms 30000",
                "--bound-clients", "50%", "--require", "50%");
        DetectCommand.Plan plan = c.plan();
        assertEquals(List.of(new Subject("--unsafe-stale-reads"), new Subject("--unsafe-lost-fsync"), Subject.HEALTHY),
                plan.matrix().subjects());
        assertEquals(12, plan.matrix().runs());
        assertEquals(50, plan.requiredPercent());
        RunConfig stale = plan.configs().get(new Subject("--unsafe-stale-reads"));
        assertEquals("--request-timeout-ms 30000 --unsafe-stale-reads --i-know-this-is-unsafe",
                stale.cluster().system().options().text("node-flags"));
        assertEquals("--request-timeout-ms 30000",
                plan.configs().get(Subject.HEALTHY).cluster().system().options().text("node-flags"));
        assertEquals(50, stale.clients().boundPercent());
        assertEquals(3, stale.cluster().nodes());
        assertTrue(plan.command().startsWith("./faultline detect --nodes 3"), plan.command());
        assertTrue(plan.command().contains("'--request-timeout-ms 30000'"), plan.command());
    }

    @Test
    void badInputIsRefusedBeforeAnyRun() {
        for (String[] args : List.of(
                new String[] {"--flags", "stale-reads,fast-writes"},
                new String[] {"--nemesis", "kill,meteor"},
                new String[] {"--system", "etcd"},
                new String[] {"--runs", "3"},
                new String[] {"--seeds", "0"},
                new String[] {"--require", "half"},
                new String[] {"--bound-clients", "lots"},
                new String[] {"--parallel", "0"},
                new String[] {"--read-after-write", "150%"},
                new String[] {"--recheck-writes", "-1"},
                new String[] {"--nemesis", "crash-points,earthquake"},
                new String[] {"--nodes", "3", "--nemesis", "kill", "--nemesis-interval", "2s", "--fault-duration", "3s"})) {
            err.reset();
            assertEquals(2, execute(args), String.join(" ", args));
            assertTrue(err.toString(StandardCharsets.UTF_8).startsWith("faultline detect: "),
                    err.toString(StandardCharsets.UTF_8));
            assertTrue(!err.toString(StandardCharsets.UTF_8).contains("[detect]"), "no run started");
        }
        err.reset();
        assertEquals(0, execute("--seeds", "2", "--validate-only"), "the launcher's check of the options");
        assertEquals("", err.toString(StandardCharsets.UTF_8), "and nothing run");
        assertEquals(2, execute("--seeds", "2", "--unsafe-everything"), "an unknown option is a usage error");
        assertTrue(!err.toString(StandardCharsets.UTF_8).contains("[detect]"), "no run started");
        assertEquals(0, judged.get());
        assertEquals("", out.toString(StandardCharsets.UTF_8));
    }

    @Test
    void theHelpListsTheMatrixOptionsAndTheRunOnes() {
        StringBuilder help = new StringBuilder(new CommandLine(new io.faultline.cli.Faultline())
                .getSubcommands().get("detect").getUsageMessage());
        assertTrue(help.indexOf("--seeds") > 0 && help.indexOf("--nemesis") > 0 && help.indexOf("false alarm") > 0,
                help.toString());
    }
}
