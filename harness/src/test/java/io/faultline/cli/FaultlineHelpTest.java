package io.faultline.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.Set;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class FaultlineHelpTest {

    @Test
    void everySubcommandPrintsItsHelp() {
        CommandLine root = new CommandLine(new Faultline());
        Set<String> names = root.getSubcommands().keySet();
        assertTrue(names.containsAll(Set.of("run", "rerun", "check", "node", "merge", "bench-checker", "bench-raft", "bench-kv")),
                "subcommands: " + names);
        for (String name : names) {
            if (name.equals("help")) continue; // picocli's own `help COMMAND`
            StringWriter out = new StringWriter();
            CommandLine cli = new CommandLine(new Faultline());
            cli.setOut(new PrintWriter(out));
            int code = cli.execute(name, "--help");
            assertEquals(0, code, name + " --help exit code");
            // The usage line comes first, or right after a one-line header (run, detect).
            assertTrue(out.toString().lines().limit(2).anyMatch(l -> l.startsWith("Usage: faultline " + name)),
                    name + " printed:\n" + out);
        }
    }

    @Test
    void anUnknownCommandIsAUsageError() {
        CommandLine cli = new CommandLine(new Faultline());
        cli.setErr(new PrintWriter(new StringWriter()));
        assertEquals(2, cli.execute("no-such-command"));
    }
}
