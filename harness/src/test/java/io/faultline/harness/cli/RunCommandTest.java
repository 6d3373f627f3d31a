package io.faultline.harness.cli;

import io.faultline.checker.verdict.Verdict;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.faultline.harness.run.Judgement;
import io.faultline.harness.run.RunConfig;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class RunCommandTest {
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private RunCommand command() {
        return new RunCommand((h, m, t) -> new Judgement(Verdict.UNKNOWN, "unused", Map.of(), null),
                new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    private RunConfig parse(String... args) {
        RunCommand c = command();
        new CommandLine(c).parseArgs(args);
        return c.config();
    }

    @Test
    void theDefaultsAreASixtySecondFiveNodeKvTestWithFaults() {
        RunConfig c = parse();
        assertEquals(5, c.cluster().nodes());
        assertEquals(60, c.timeLimit().toSeconds());
        assertEquals(10, c.concurrency());
        assertEquals(200.0, c.rate());
        assertEquals("kv", c.workload().name());
        assertEquals(3, c.nemesis().size());
        assertEquals(5, c.faultDuration().toSeconds());
    }

    @Test
    void optionsAreRecordedForARerun() {
        RunConfig c = parse("--nodes", "3", "--time-limit", "30s", "--rate", "50/s", "--nemesis", "kill,loss",
                "--nemesis-interval", "4s", "--seed", "17", "--node-flags", "--unsafe-stale-reads");
        assertEquals(3, c.cluster().nodes());
        assertEquals(17, c.seed());
        assertEquals(2000, c.faultDuration().toMillis());
        assertTrue(c.cluster().command(1).contains("--unsafe-stale-reads"));
        Map<String, Object> json = c.toJson("test");
        assertEquals("faultline", json.get("system"));
        assertEquals("--unsafe-stale-reads", ((Map<?, ?>) json.get("system-options")).get("node-flags"));
        String rerun = c.rerunCommand();
        assertTrue(rerun.startsWith("./faultline run "), rerun);
        RunConfig again = parse(shellWords(rerun.substring("./faultline run ".length())));
        assertEquals(c.withOutput(again.outputRoot()), again, "the rerun command gives the same configuration");
    }

    @Test
    void aProfileSetsItsOptionsAndOptionsGivenBesideItWinWhereverTheyStand() {
        RunConfig nightly = parse("--profile", "nightly", "--seed", "3");
        assertEquals(3, nightly.cluster().nodes());
        assertEquals(60, nightly.timeLimit().toSeconds());
        assertEquals("kill-all,figure-8", io.faultline.harness.nemesis.FaultPackages.format(nightly.nemesis()));
        assertEquals(30, nightly.concurrency());
        assertEquals(10, nightly.quietTail().toSeconds());
        assertTrue(String.join(" ", nightly.cluster().command(1)).endsWith("--request-timeout-ms 30000"),
                nightly.cluster().command(1).toString());
        assertEquals("nightly", nightly.toJson("test").get("profile"));
        assertEquals(30, parse("--time-limit", "30s", "--profile", "nightly").timeLimit().toSeconds(), "given before");
        assertEquals(30, parse("--profile", "nightly", "--time-limit", "30s").timeLimit().toSeconds(), "given after");
        RunConfig more = parse("--no-progress", "--system-opt", "tick-ms=20", "--profile", "nightly", "--seed", "3");
        assertEquals(nightly.withProfile("nightly").cluster().nodes(), more.cluster().nodes());
        assertTrue(more.cluster().command(1).containsAll(List.of("--tick-ms", "20")), more.cluster().command(1).toString());
        assertEquals(1, java.util.Collections.frequency(more.cluster().command(1), "--tick-ms"), "given once");
        RunConfig again = parse(shellWords(nightly.rerunCommand().substring("./faultline run ".length())));
        assertEquals(nightly.withProfile(null).withOutput(again.outputRoot()), again,
                "the rerun line spells out every option the profile set");
    }

    @Test
    void anUnknownProfileIsRefusedBeforeAnyRunWithTheKnownOnes() {
        assertEquals(2, new CommandLine(command()).execute("--profile", "weekly", "--validate-only"));
        String e = err.toString(StandardCharsets.UTF_8);
        assertTrue(e.contains("unknown profile 'weekly' (known: nightly, power-loss)"), e);
    }

    /** Splits like a shell: spaces separate words, single quotes group. */
    static String[] shellWords(String line) {
        java.util.List<String> words = new java.util.ArrayList<>();
        StringBuilder w = new StringBuilder();
        boolean quoted = false;
        for (char ch : line.toCharArray()) {
            if (ch == '\'') {
                quoted = !quoted;
            } else if (ch == ' ' && !quoted) {
                if (w.length() > 0) words.add(w.toString());
                w.setLength(0);
            } else {
                w.append(ch);
            }
        }
        if (w.length() > 0) words.add(w.toString());
        return words.toArray(new String[0]);
    }

    @Test
    void anUnknownSystemIsRefusedWithTheListOfSystems() {
        assertEquals(2, new CommandLine(command()).execute("--system", "zookeeper", "--validate-only"));
        String e = err.toString(StandardCharsets.UTF_8);
        assertTrue(e.contains("unknown system 'zookeeper' (known: faultline, etcd, nats)"), e);
    }

    @Test
    void anOptionTheSystemDoesNotKnowIsRefused() {
        assertEquals(2, new CommandLine(command()).execute("--system", "etcd", "--system-opt", "tick-ms=10"));
        assertTrue(err.toString(StandardCharsets.UTF_8).contains("system etcd has no option 'tick-ms' (known: "
                + "serializable-reads, heartbeat-ms, election-ms, flags)"), err.toString(StandardCharsets.UTF_8));
        assertEquals(2, new CommandLine(command()).execute("--system", "etcd", "--system-opt", "serializable-reads=maybe"));
        assertEquals(2, new CommandLine(command()).execute("--system", "etcd", "--node-flags", "--unsafe-stale-reads"));
        assertEquals(2, new CommandLine(command()).execute("--system-opt", "no-equals-sign"));
    }

    @Test
    void aNemesisTheSystemCannotRunIsRefusedWithWhy() {
        assertEquals(2, new CommandLine(command()).execute("--system", "etcd", "--nodes", "3", "--nemesis", "kill,vote-crash"));
        String e = err.toString(StandardCharsets.UTF_8);
        assertTrue(e.contains("vote-crash needs crash points, which etcd does not have"), e);
        assertTrue(e.contains("(it supports: kill, kill-all, power-loss, corrupt, pause, partition,"), e);
    }

    /**
     * Clock skew needs the node's own Admin API: etcd and NATS refuse it, saying why, before Docker;
     * duplicated messages need that or the link proxy's knowledge of etcd's streams: NATS refuses them.
     */
    @Test
    void clockSkewIsRefusedForEtcdAndNatsAndLinkDupForNatsWithTheReason() {
        for (String system : List.of("etcd", "nats")) {
            err.reset();
            assertEquals(2, new CommandLine(command()).execute("--system", system, "--nodes", "3", "--nemesis", "clock-skew"));
            String e = err.toString(StandardCharsets.UTF_8);
            assertTrue(e.contains("nemesis clock-skew needs a clock rate set through its admin API, which " + system
                    + " does not have: its processes read the kernel's clock") && e.contains("libfaketime or a time namespace"), e);
            String supports = e.substring(e.indexOf("(it supports: "));
            assertFalse(supports.contains("clock-skew"), supports);
            assertEquals(system.equals("etcd"), supports.contains("link-dup"), supports);
        }
        err.reset();
        assertEquals(2, new CommandLine(command()).execute("--system", "nats", "--nodes", "3", "--nemesis", "kill,link-dup"));
        String e = err.toString(StandardCharsets.UTF_8);
        assertTrue(e.contains("nemesis link-dup needs duplicated peer messages (its own transport, or a link proxy that"
                + " knows its peer protocol), which nats does not have: a proxy on the peer links cannot duplicate blindly"), e);
        assertEquals(0, new CommandLine(command()).execute("--system", "etcd", "--nodes", "3", "--nemesis", "link-dup",
                "--validate-only"), "etcd takes link-dup through the link proxy");
        assertEquals(0, new CommandLine(command()).execute("--nodes", "3", "--nemesis", "clock-skew,link-dup", "--validate-only"),
                "the Faultline node takes both");
    }

    /** Only a run with power loss mounts the file system (and gives its containers the FUSE device). */
    @Test
    void aPowerLossRunStartsItsClusterOnThePowerLossFileSystemAndNoOtherDoes() {
        org.junit.jupiter.api.Assumptions.assumeTrue(java.nio.file.Files.exists(java.nio.file.Path.of("/dev/fuse")),
                "this host has no FUSE device (the refusal is PowerLossFsTest's)");
        assertTrue(parse("--nodes", "3", "--nemesis", "kill,power-loss").clusterToStart().powerLossFs());
        assertTrue(parse("--system", "etcd", "--nodes", "3", "--nemesis", "power-loss").clusterToStart().powerLossFs());
        assertFalse(parse("--nodes", "3", "--nemesis", "kill-all,corrupt").clusterToStart().powerLossFs());
        assertFalse(parse("--nodes", "3", "--nemesis", "power-loss").cluster().powerLossFs(), "the spec as given");
    }

    @Test
    void etcdWithSerializableReadsIsRecordedAndRepeatable() {
        RunConfig c = parse("--system", "etcd", "--nodes", "3", "--seed", "5", "--system-opt", "serializable-reads=TRUE");
        assertEquals("etcd", c.cluster().system().name());
        assertEquals(io.faultline.harness.system.etcd.EtcdSystem.IMAGE, c.cluster().image(), "faultline-etcd:3.4 unless FAULTLINE_ETCD_IMAGE says otherwise");
        assertEquals("true", c.cluster().system().options().text("serializable-reads"));
        assertTrue(c.rerunCommand().contains(" --system etcd ") && c.rerunCommand().contains("'serializable-reads=true'"),
                c.rerunCommand());
        RunConfig again = parse(shellWords(c.rerunCommand().substring("./faultline run ".length())));
        assertEquals(c.withOutput(again.outputRoot()), again);
        assertEquals(0, new CommandLine(command()).execute("--system", "etcd", "--nodes", "3", "--validate-only"));
    }

    @Test
    void badInputIsAUsageErrorWithTheReason() {
        int code = new CommandLine(command()).execute("--nemesis", "kill,meteor");
        assertEquals(2, code);
        assertTrue(err.toString(StandardCharsets.UTF_8).contains("meteor"), err.toString(StandardCharsets.UTF_8));
        assertEquals(2, new CommandLine(command()).execute("--nemesis-interval", "2s", "--fault-duration", "3s"));
        assertEquals(2, new CommandLine(command()).execute("--time-limit", "soon"));
    }

    @Test
    void nodesAcceptWhatTheHelpSays() {
        assertEquals(0, new CommandLine(command()).execute("--nodes", "3", "--validate-only"));
        assertEquals(2, new CommandLine(command()).execute("--nodes", "2", "--validate-only"));
        assertTrue(err.toString(StandardCharsets.UTF_8).contains("faults need at least 3 nodes"),
                err.toString(StandardCharsets.UTF_8));
        assertEquals(0, new CommandLine(command()).execute("--nodes", "2", "--nemesis", "none", "--validate-only"),
                "what the help says: any size from 1 to 9, faults from 3");
    }

    @Test
    void theConsoleSaysWhenAFaultStartsAndStopsAndKeepsATranscript() {
        RunCommand.ConsoleListener console = new RunCommand.ConsoleListener(
                new PrintStream(err, true, StandardCharsets.UTF_8), false);
        console.phase("workload");
        console.progress(new io.faultline.harness.run.RunListener.Progress(1, 20, 5, 0, 0, null));
        console.fault(2.0, "started: kill n1");
        console.progress(new io.faultline.harness.run.RunListener.Progress(3, 20, 12, 0, 1, "kill n1"));
        console.fault(4.0, "stopped: kill n1");
        String printed = err.toString(StandardCharsets.UTF_8);
        assertTrue(printed.contains("2.0 s  fault started: kill n1"), printed);
        assertTrue(printed.contains("4.0 s  fault stopped: kill n1"), printed);
        assertTrue(console.transcript().contains("fault started: kill n1") && console.transcript().contains("[run] workload"));
    }

    @Test
    void theTopLevelHelpIsNotCutMidSentence() {
        String help = new CommandLine(new io.faultline.cli.Faultline()).getUsageMessage();
        // Each command's entry with its wrapped continuation lines.
        String entries = help.replaceAll("\n {4,}", " ");
        for (String line : entries.split("\n")) {
            if (line.startsWith("  run ") || line.startsWith("  rerun ")) {
                assertTrue(line.trim().endsWith("."), "a whole sentence: " + line);
            }
        }
    }

    @Test
    void helpDocumentsEveryOptionWithItsDefault() {
        String help = new CommandLine(command()).getUsageMessage();
        for (String opt : new String[] {"--nodes", "--time-limit", "--concurrency", "--rate", "--workload", "--nemesis",
                "--nemesis-interval", "--seed", "--runs", "--node-flags"}) {
            assertTrue(help.contains(opt), opt);
        }
        for (String d : new String[] {"Default: 5.", "Default: 60s.", "Default: 200/s.", "Default: 10.", "Default: kv."}) {
            assertTrue(help.contains(d), d + " in\n" + help);
        }
    }
}
