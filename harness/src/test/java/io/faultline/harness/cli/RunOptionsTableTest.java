package io.faultline.harness.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.faultline.harness.junit.ChaosTest;
import io.faultline.harness.run.OptionValues;
import io.faultline.harness.run.RunConfig;
import io.faultline.harness.run.RunOption;
import io.faultline.harness.run.RunOptions;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;

/**
 * The run options are declared once ({@link RunOptions}) and every place that takes or records
 * them follows: the options of run, detect and sim, config.json, the rerun line, rerun's reading
 * of config.json and the JUnit API.
 */
class RunOptionsTableTest {
    private static final Path OUT = Path.of("target", "run-options-table");

    /** A value other than the default for every run option; a new option adds one here. */
    private static final Map<String, String> EXAMPLES = examples("system", "etcd", "nodes", "3", "workload", "register",
            "keys", "7", "key-distribution", "zipf", "op-mix", "read=60,write=40", "read-after-write", "25%",
            "recheck-writes", "2", "time-limit", "45s", "concurrency", "6", "bound-clients", "50%", "rate", "12.5/s",
            "nemesis", "kill,loss", "nemesis-interval", "6s", "fault-duration", "2s", "quiet-tail", "5s",
            "op-timeout", "2s", "recovery-timeout", "40s", "check-timeout", "3m", "image", "other:tag", "seed", "99",
            "hosts", "a=10.0.0.1,b=10.0.0.2,c=10.0.0.3", "ssh-user", "admin", "ssh-port", "2222", "ssh-key", "pom.xml",
            "ssh-host-keys", "any", "ssh-known-hosts", "known");

    /** Options that config.json records within another's value: the hosts' file, user and port in --hosts. */
    private static final List<String> RECORDED_WITHIN = List.of("hosts-file", "ssh-user", "ssh-port");

    @Test
    void everyRunOptionIsAnOptionOfRunAndDetectAndSimTakesItsShare() {
        CommandSpec run = new CommandLine(new RunCommand()).getCommandSpec();
        CommandSpec detect = new CommandLine(new DetectCommand()).getCommandSpec();
        CommandSpec sim = new CommandLine(new SimCommand()).getCommandSpec();
        for (RunOption<?> o : RunOptions.ALL) {
            assertNotNull(run.findOption(o.flag()), "run takes " + o.flag());
            assertNotNull(detect.findOption(o.flag()), "detect takes " + o.flag());
            if (RunOptions.SIM.contains(o)) assertNotNull(sim.findOption(o.flag()), "sim takes " + o.flag());
        }
        String simNodes = String.join(" ", sim.findOption("--nodes").description());
        assertTrue(simNodes.endsWith("Default: 3."), "sim's own default in its help: " + simNodes);
        assertTrue(String.join(" ", run.findOption("--nodes").description()).endsWith("Default: 5."));
    }

    @Test
    void everyRunOptionIsRecordedAndRepeated() throws Exception {
        assertEquals(RunOptions.ALL.stream().map(RunOption::name).filter(n -> !n.equals("hosts-file")).toList(),
                List.copyOf(EXAMPLES.keySet()), "an example for every run option (the hosts' file aside), in order");
        List<String> args = new ArrayList<>();
        EXAMPLES.forEach((name, text) -> args.add("--" + name + "=" + text));
        args.add("--out=" + OUT);
        RunConfig config = RunCommand.configOf(args);
        OptionValues defaults = OptionValues.defaults(RunOptions.ALL);
        var json = new ObjectMapper().valueToTree(config.toJson("test"));
        for (RunOption<?> o : RunOptions.ALL) {
            if (!EXAMPLES.containsKey(o.name())) continue;
            assertNotEquals(defaults.get(o), config.get(o), o.flag() + "'s example is not its default");
            boolean within = RECORDED_WITHIN.contains(o.name());
            assertEquals(!within, config.rerunCommand().contains(" " + o.flag() + " "), "the rerun line and " + o.flag());
            assertEquals(!within, json.has(o.name()), "config.json and " + o.name());
        }
        assertTrue(config.hosts().spelled().contains("admin@10.0.0.1:2222"), "user and port recorded in the hosts");
        List<String> back = new ArrayList<>(RunOptions.runArguments(json, Path.of("config.json")));
        back.add("--out=" + OUT);
        assertEquals(config, RunCommand.configOf(back), "rerun reads config.json back into the same run");
    }

    @Test
    void theJUnitApiSetsEveryRunOptionWithItsType() {
        RunConfig cli = RunCommand.configOf(List.of("--system=etcd", "--nodes=3", "--keys=7", "--rate=12.5/s",
                "--nemesis=kill,loss", "--fault-duration=2s", "--quiet-tail=5s", "--bound-clients=50%", "--seed=4",
                "--out=" + OUT));
        ChaosTest api = ChaosTest.kv().output(OUT);
        for (RunOption<?> o : RunOptions.ALL) set(api, o, cli);
        assertEquals(cli, api.config());
    }

    @Test
    void badValuesAreRefusedNamingTheOption() {
        for (String[] bad : new String[][] {{"--nodes=12", "--nodes"}, {"--keys=x", "--keys"},
                {"--read-after-write=150%", "--read-after-write"}, {"--time-limit=soon", ""},
                {"--system=nope", "unknown system"}, {"--nemesis=explode", "unknown nemesis"}}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> RunCommand.configOf(List.of(bad[0])), bad[0]);
            assertTrue(e.getMessage().contains(bad[1]), e.getMessage());
        }
    }

    @Test
    void anOptionWithoutADefaultIsNullUntilGiven() {
        OptionValues v = OptionValues.of(RunOptions.ALL, Map.of("nemesis-interval", "8s"));
        assertNull(v.get(RunOptions.FAULT_DURATION));
        assertEquals("4s", RunOptions.text(v, RunOptions.FAULT_DURATION), "recorded as half the interval");
        assertTrue(v.atDefault(RunOptions.IMAGE));
        String own = io.faultline.harness.system.faultline.FaultlineSystem.IMAGE;
        assertEquals(own, RunOptions.text(v, RunOptions.IMAGE), "recorded as the system's own image");
        assertTrue(v.with(RunOptions.IMAGE, own).atDefault(RunOptions.IMAGE), "an image given as the system's own is the default");
        assertFalse(v.with(RunOptions.IMAGE, "other:tag").atDefault(RunOptions.IMAGE));
    }

    private static <T> void set(ChaosTest api, RunOption<T> o, RunConfig from) {
        api.set(o, from.get(o));
    }

    private static Map<String, String> examples(String... pairs) {
        Map<String, String> m = new LinkedHashMap<>();
        for (int i = 0; i < pairs.length; i += 2) m.put(pairs[i], pairs[i + 1]);
        return m;
    }
}
