package io.faultline.node;

import io.faultline.kv.config.NodeConfig;
import io.faultline.kv.config.ConfigException;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** Flags are validated before anything starts, with the flag and the reason in the message. */
class NodeConfigTest {
    private static final String PEERS = "1=h1:7001,2=h2:7001,3=h3:7001";

    /** The configuration picocli reads from {@code args}. */
    static NodeConfig parse(String... args) {
        NodeCommand command = new NodeCommand();
        new CommandLine(command).parseArgs(args);
        return command.config();
    }

    @Test
    void defaultsMatchTheDocumentation() {
        NodeConfig c = parse("--id", "2", "--peers", PEERS);
        assertEquals(2, c.id());
        assertEquals(7000, c.clientPort());
        assertEquals(7001, c.peerPort());
        assertEquals(50, c.tickMs());
        assertEquals(10, c.electionTicks());
        assertEquals(2, c.heartbeatTicks());
        assertEquals(10_000, c.snapshotThreshold());
        assertEquals(1024, c.maxKeyBytes());
        assertEquals(65536, c.maxValueBytes());
        assertEquals(List.of(1L, 2L, 3L), List.copyOf(c.initialVoters().keySet()));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "--peers 1=h1:7001|--id is required",
        "--id 4 --peers " + PEERS + "|--peers must list this node's own id 4",
        "--id 1 --peers 1=h1:7001,1=h2:7001|node id 1 is listed twice",
        "--id 1 --peers 1=h1|'h1' is not host:port",
        "--id 1 --peers 1=h1:99999|port 99999 is out of 1..65535",
        "--id 1 --peers x=h1:7001|node id 'x' is not a number",
        "--id 1 --peers " + PEERS + " --heartbeat-ticks 10|--election-ticks (10) must be greater than --heartbeat-ticks (10)",
        "--id 1 --peers " + PEERS + " --client-port 7001|--client-port and --peer-port must differ",
        "--id 1 --peers " + PEERS + " --snapshot-threshold 0|--snapshot-threshold must be >= 1",
        "--id 1 --peers " + PEERS + " --client-addresses 9=h9:7000|--client-addresses lists node 9 which is not in --peers",
    })
    void badFlagsAreRefusedWithTheReason(String args, String message) {
        ConfigException e = assertThrows(ConfigException.class, () -> parse(args.split(" ")));
        assertTrue(e.getMessage().contains(message), e.getMessage());
    }

    @Test
    void theCommandExitsWithCode2AndAClearLine() {
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        PrintStream saved = System.err;
        int code;
        try {
            System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
            code = new CommandLine(new NodeCommand()).execute("--id", "0", "--peers", PEERS);
        } finally {
            System.setErr(saved);
        }
        assertEquals(2, code);
        assertEquals("faultline node: --id is required and must be >= 1 (or set FAULTLINE_ID)",
                err.toString(StandardCharsets.UTF_8).trim());
        assertEquals(2, new CommandLine(new NodeCommand()).execute("--tick-ms", "fast"), "unparsable number");
    }

    @Test
    void aJoiningNodeComputesTheClusterIdOfTheInitialVoters() {
        NodeConfig member = parse("--id", "1", "--peers", PEERS);
        NodeConfig joiner = parse("--id", "4", "--join", "--peers", PEERS + ",4=h4:7001");
        assertEquals(member.clusterId(), joiner.clusterId());
        assertNotEquals(member.clusterId(), parse("--id", "1", "--peers", "1=h1:7001,2=h2:7001").clusterId());
    }
}
