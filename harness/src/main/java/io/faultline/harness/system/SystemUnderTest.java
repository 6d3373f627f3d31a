package io.faultline.harness.system;

import io.faultline.harness.nemesis.FaultOption;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A Raft key-value store the harness can test (Jepsen's DB protocol, plus the
 * client factory and the capabilities). The generic harness — cluster, nemeses,
 * runner, reports — knows a system only through this interface; see
 * docs/systems.md for how to add one.
 */
public interface SystemUnderTest {
    /** The name given to {@code --system}. */
    String name();

    /** The options it was made with (every known one, defaults included). */
    SystemOptions options();

    /** Image, ports, data and log locations, process pattern. */
    NodeLayout layout();

    /**
     * The node process's command line for {@code node} of {@code members}. The same
     * command restarts a node after a kill: it must then carry on from its data dir.
     */
    List<String> command(int node, Membership members);

    /** Connects to a started cluster; {@code clientAddresses} by node number, host:port reachable from the harness. */
    SystemSession connect(Map<Integer, String> clientAddresses);

    /** Whether its sessions offer {@link CrashPoints} (the scripted nemeses need them). */
    boolean hasCrashPoints();

    /**
     * Whether {@code logLine}, from a node's log, says the node caught Raft's safety broken
     * (e.g. asked to overwrite an entry it knows committed). No correct run prints one, so
     * the run counts as a violation. Default: the system says no such thing.
     */
    default boolean saysSafetyBroke(String logLine) {
        return false;
    }

    /**
     * The term in which a node became leader, when {@code logLine} from its log says so. Two
     * nodes elected in one term break Raft's Election Safety: the run counts as a violation.
     * Default: the system's logs are not read for it.
     */
    default java.util.OptionalLong electedTerm(String logLine) {
        return java.util.OptionalLong.empty();
    }

    /**
     * When {@code logLine}, from a node's log, says the node now serves clients (the end of
     * its start), the time stamped on it; empty for every other line. The restart bench reads
     * restart times from it. Default: the system's logs are not read for it.
     */
    default Optional<java.time.Instant> servingAt(String logLine) {
        return Optional.empty();
    }

    /** Why this system cannot run {@code fault}; empty when it can. */
    default Optional<String> refuses(FaultOption fault) {
        if (fault.needsCrashPoints() && !hasCrashPoints()) {
            return Optional.of("nemesis " + fault.cliName() + (fault.scripted() ? " is a scripted fault and" : "")
                    + " needs crash points, which "
                    + name() + " does not have");
        }
        return Optional.empty();
    }
}
