package io.faultline.harness.junit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.faultline.harness.cli.RunCommand;
import io.faultline.harness.generator.KeyDistribution;
import io.faultline.harness.nemesis.FaultPackage;
import io.faultline.harness.run.RunConfig;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The JUnit API makes its runs through `faultline run`'s own declarations, defaults and checks. */
class ChaosTestConfigTest {
    private static final Path OUT = Path.of("target", "chaos-test-config");

    @Test
    void itsDefaultsAreTheCommandLinesDefaults() {
        RunConfig api = ChaosTest.kv().seed(5).output(OUT).config();
        RunConfig cli = RunCommand.configOf(List.of("--seed=5", "--out=" + OUT));
        assertEquals(cli.rerunCommand(), api.rerunCommand());
    }

    @Test
    void eachMethodSetsItsRunOption() {
        RunConfig c = ChaosTest.kv().nodes(3).keys(7).keyDistribution(KeyDistribution.ZIPF).timeLimit(Duration.ofSeconds(30))
                .concurrency(4).rate(50).nemesis("kill,pause").nemesisInterval(Duration.ofSeconds(8))
                .faultDuration(Duration.ofSeconds(3)).seed(9).opTimeout(Duration.ofSeconds(2))
                .recoveryTimeout(Duration.ofSeconds(40)).system("etcd").systemOption("heartbeat-ms", "200")
                .option("--quiet-tail", "20s").output(OUT).config();
        assertEquals(3, c.cluster().nodes());
        assertEquals(7, c.workload().keys());
        assertEquals(KeyDistribution.ZIPF, c.workload().distribution());
        assertEquals(Duration.ofSeconds(30), c.timeLimit());
        assertEquals(4, c.concurrency());
        assertEquals(50.0, c.rate());
        assertEquals(List.of("kill", "pause"), c.nemesis().stream().map(FaultPackage::name).toList());
        assertEquals(Duration.ofSeconds(8), c.nemesisInterval());
        assertEquals(Duration.ofSeconds(3), c.faultDuration());
        assertEquals(9, c.seed());
        assertEquals(Duration.ofSeconds(2), c.opTimeout());
        assertEquals(Duration.ofSeconds(40), c.recoveryTimeout());
        assertEquals("etcd", c.cluster().system().name());
        assertEquals("200", c.cluster().system().options().text("heartbeat-ms"));
        assertEquals(Duration.ofSeconds(20), c.quietTail());
        assertEquals(OUT, c.outputRoot());
    }

    @Test
    void aProfileAndTheRegisterWorkloadComeAsOnTheCommandLine() {
        RunConfig nightly = ChaosTest.kv().option("--profile", "nightly").seed(1).output(OUT).config();
        assertEquals("nightly", nightly.profile());
        assertEquals(RunCommand.configOf(List.of("--profile=nightly", "--seed=1", "--out=" + OUT)).rerunCommand(),
                nightly.rerunCommand());
        RunConfig register = ChaosTest.register().seed(1).output(OUT).config();
        assertEquals("register", register.workload().name());
        assertEquals(1, register.workload().keys());
    }

    @Test
    void whatTheCommandLineRefusesIsRefusedHereWithItsWords() {
        IllegalArgumentException bad = assertThrows(IllegalArgumentException.class,
                () -> ChaosTest.kv().nemesis("earthquake").output(OUT).config());
        assertTrue(bad.getMessage().contains("earthquake"), bad.getMessage());
        IllegalArgumentException unknown = assertThrows(IllegalArgumentException.class,
                () -> ChaosTest.kv().option("--no-such-option", "1").output(OUT).config());
        assertTrue(unknown.getMessage().contains("--no-such-option"), unknown.getMessage());
    }
}
