package io.faultline.harness.system;

import java.util.List;
import java.util.Map;

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
     * The script, relative to the Faultline checkout, that builds {@link NodeLayout#image()}
     * (its one argument is the tag) without a container registry. The harness runs it before
     * a cluster of this system starts; it must be idempotent and cheap when nothing changed.
     */
    String imageScript();

    /**
     * The node process's command line for {@code node} of {@code members}. The same
     * command restarts a node after a kill: it must then carry on from its data dir.
     */
    List<String> command(int node, Membership members);

    /**
     * The command line of a fresh member in {@code node}'s place, its {@code generation}-th,
     * joining the running cluster of {@code initial} whose members are now {@code members}
     * (places, the new one included), after {@link MemberChanges#add}. The same command
     * restarts it after a kill. Only systems with {@link Capability#MEMBERSHIP} have one.
     */
    default List<String> joinCommand(int node, int generation, Membership initial, List<Integer> members) {
        throw new UnsupportedOperationException(name() + " has no membership changes");
    }

    /**
     * What {@code node} needs on a host reached by SSH (files to copy, checks); a system without
     * one cannot run on hosts, and a run there is refused with this exception's words.
     */
    default HostRecipe hostRecipe() {
        throw new UnsupportedOperationException(name() + " cannot run on SSH hosts yet");
    }

    /**
     * The node process's command line on a host reached by SSH: the {@link #hostRecipe()} files
     * are under {@code home} (with an empty {@code home/tmp} for temporary files), its data goes
     * under {@code data}, and {@code members} name their hosts. Like {@link #command}, the same line restarts it after a kill.
     */
    default List<String> hostCommand(int node, Membership members, String home, String data) {
        throw new UnsupportedOperationException(name() + " cannot run on SSH hosts yet");
    }

    /** Connects to a started cluster; {@code clientAddresses} by node number, host:port reachable from the harness. */
    SystemSession connect(Map<Integer, String> clientAddresses);

    /** What its sessions offer beyond processes and links (e.g. {@link CrashPoints}); faults that need more are refused. */
    java.util.Set<Capability> capabilities();

    /**
     * Whether its nodes take the clock-rate and duplication faults themselves, through their own
     * API ({@link SystemSession#inProcessFaults}), rather than through a link proxy that knows
     * their peer protocol (which lives in the harness's containers, not on SSH hosts).
     */
    default boolean faultsInProcess() {
        return false;
    }

    /**
     * The files under {@link NodeLayout#dataDir()} that hold the system's data, found in their
     * absolute paths: what the corrupt fault damages, and not an info log, a lock, an options
     * file or a preallocated segment, where damage tests nothing. Default: every file.
     */
    default java.util.regex.Pattern dataFiles() {
        return ANY_FILE;
    }

    /** Every file. */
    java.util.regex.Pattern ANY_FILE = java.util.regex.Pattern.compile("");

    /** How its node logs read (time stamps, role and term), for the report's node lanes and story. */
    default NodeLogFormat logFormat() {
        return NodeLogFormat.ISO_INSTANT;
    }

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
    default java.util.Optional<java.time.Instant> servingAt(String logLine) {
        return java.util.Optional.empty();
    }
}
