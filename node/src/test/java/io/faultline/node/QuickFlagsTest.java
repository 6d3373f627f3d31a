package io.faultline.node;

import io.faultline.kv.config.NodeConfig;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The node's quick flag reading gives what picocli gives, or gives up and leaves it to picocli. */
class QuickFlagsTest {
    private static final String PEERS = "1=h1:7001,2=h2:7001,3=h3:7001";

    private static NodeConfig quick(Map<String, String> env, String... args) {
        Optional<NodeCommand> command = QuickFlags.parse(args, env::get);
        assertTrue(command.isPresent(), "read quickly: " + String.join(" ", args));
        return command.get().config();
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "--id 2 --peers " + PEERS,
        "--id=3 --peers=" + PEERS + " --client-addresses 1=h1:7000,2=h2:7000,3=h3:7000 --bind-host 127.0.0.1"
                + " --client-port 7100 --peer-port 7101 --data-dir /tmp/x --tick-ms 20 --election-ticks 12"
                + " --heartbeat-ticks 3 --snapshot-threshold 200 --max-key-bytes 64 --max-value-bytes 1024"
                + " --request-timeout-ms 30000 --join",
        "--id 1 --peers " + PEERS + " --unsafe-stale-reads --unsafe-early-ack --unsafe-forgetful-votes"
                + " --unsafe-lost-fsync --unsafe-stale-leader-commit --i-know-this-is-unsafe",
    })
    void everyFlagReadsAsPicocliReadsIt(String line) {
        String[] args = line.split(" ");
        assertEquals(NodeConfigTest.parse(args), quick(Map.of(), args));
    }

    @Test
    void defaultsComeFromTheEnvironmentAndAFlagWins() {
        Map<String, String> env = Map.of("FAULTLINE_ID", "3", "FAULTLINE_PEERS", PEERS, "FAULTLINE_TICK_MS", "25",
                "FAULTLINE_JOIN", "true", "FAULTLINE_CLIENT_PORT", "7200");
        NodeConfig c = quick(env, "--client-port", "7300");
        assertEquals(3, c.id());
        assertEquals(25, c.tickMs());
        assertTrue(c.join());
        assertEquals(7300, c.clientPort());
        assertEquals(10, c.electionTicks());
        assertEquals(NodeConfigTest.parse("--id", "3", "--peers", PEERS, "--tick-ms", "25", "--join", "--client-port", "7300"), c);
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "--help", "-h", "--version", "-V",
        "--id 1 --peers " + PEERS + " --no-such-flag 1",
        "--id 1 --id 2 --peers " + PEERS,
        "--id 1 --peers",
        "--id one --peers " + PEERS,
        "--id 1 --peers " + PEERS + " --tick-ms 99999999999",
        "--id 1 --peers " + PEERS + " --join=true",
        "--id --peers " + PEERS,
        "--id 1 --peers " + PEERS + " positional",
    })
    void whatItCannotReadExactlyGoesToPicocli(String line) {
        assertEquals(Optional.empty(), QuickFlags.parse(line.split(" "), name -> null).map(c -> "read"));
    }

    @Test
    void anEnvironmentValueThatDoesNotConvertGoesToPicocli() {
        assertEquals(Optional.empty(),
                QuickFlags.parse(new String[] {"--id", "1", "--peers", PEERS}, Map.of("FAULTLINE_TICK_MS", "fast")::get)
                        .map(c -> "read"));
    }
}
