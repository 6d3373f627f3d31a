package io.faultline.node;

import io.faultline.kv.config.NodeConfig;
import io.faultline.kv.config.PlantedBug;
import io.faultline.kv.config.UnsafeFlags;
import io.faultline.kv.config.ConfigException;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import picocli.CommandLine;

/** The --unsafe-* flags: off by default, refused without consent, accepted with it. */
class UnsafeFlagsTest {
    private static final String PEERS = "1=h1:7001,2=h2:7001,3=h3:7001";

    private static NodeConfig parse(String... flags) {
        String[] args = new String[flags.length + 4];
        args[0] = "--id";
        args[1] = "1";
        args[2] = "--peers";
        args[3] = PEERS;
        System.arraycopy(flags, 0, args, 4, flags.length);
        NodeCommand command = new NodeCommand();
        new CommandLine(command).parseArgs(args);
        return command.config();
    }

    @Test
    void everyFlagIsOffByDefault() {
        assertEquals(UnsafeFlags.NONE, parse().unsafe());
        assertFalse(parse().unsafe().any());
    }

    @ParameterizedTest
    @ValueSource(strings = {"--unsafe-stale-reads", "--unsafe-early-ack", "--unsafe-forgetful-votes",
        "--unsafe-lost-fsync", "--unsafe-stale-leader-commit"})
    void eachFlagIsRefusedWithoutConsentAndAcceptedWithIt(String flag) {
        ConfigException e = assertThrows(ConfigException.class, () -> parse(flag));
        assertTrue(e.getMessage().startsWith(flag + ": refused without --i-know-this-is-unsafe"), e.getMessage());
        NodeConfig c = parse(flag, "--i-know-this-is-unsafe");
        assertEquals(List.of(flag), c.unsafe().names());
        assertTrue(c.unsafe().any());
    }

    @Test
    void consentAloneChangesNothingAndSeveralFlagsCombine() {
        assertEquals(UnsafeFlags.NONE, parse("--i-know-this-is-unsafe").unsafe());
        UnsafeFlags two = parse("--unsafe-stale-reads", "--unsafe-lost-fsync", "--i-know-this-is-unsafe").unsafe();
        assertEquals(UnsafeFlags.of(PlantedBug.STALE_READS, PlantedBug.LOST_FSYNC), two);
        assertEquals(List.of("--unsafe-stale-reads", "--unsafe-lost-fsync"), two.names());
    }

    @Test
    void theCommandRefusesWithExitCode2AndOneClearLine() {
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        PrintStream saved = System.err;
        int code;
        try {
            System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
            code = new CommandLine(new NodeCommand()).execute("--id", "1", "--peers", PEERS, "--unsafe-early-ack");
        } finally {
            System.setErr(saved);
        }
        assertEquals(2, code);
        String line = err.toString(StandardCharsets.UTF_8).trim();
        assertTrue(line.startsWith("faultline node: --unsafe-early-ack: refused without --i-know-this-is-unsafe"), line);
        assertFalse(line.contains("\n"), line);
    }
}
