package io.faultline.sim;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * What the simulated nemesis may do, and how hard the network is. Faults are drawn at
 * random (kind, target, duration) from the run's seed; none is scripted.
 *
 * @param faults      fault kinds drawn from, each equally likely
 * @param meanGapMs   mean virtual time between two faults
 * @param network     link behaviour: latency, drop, duplicate, reorder, stream reset probabilities
 */
public record FaultProfile(List<Kind> faults, long meanGapMs, SimNetwork.Profile network) {
    /** A fault the nemesis can inject. */
    public enum Kind {
        /** crash a random node; it restarts after a while */
        CRASH,
        /** crash the leader */
        CRASH_LEADER,
        /** power loss of every node at once: all unsynced writes are lost */
        CRASH_ALL,
        /** arm a crash at a random step of a random node: before a disk write, between persist and send, after a vote grant, after a commit */
        CRASH_STEP,
        /** arm a crash of a random node right after its next vote grant */
        CRASH_AFTER_VOTE,
        /** arm a crash of the leader right after its next commit (applied and answered, before its messages leave) */
        CRASH_AFTER_COMMIT,
        /** cut one node off (both directions) */
        ISOLATE,
        /** cut the leader off */
        ISOLATE_LEADER,
        /** split the cluster in two random halves */
        PARTITION,
        /** cut one direction of one link */
        ONE_WAY,
        /** a burst of message loss, duplication and reordering */
        FLAKY_NETWORK,
        /** SIGSTOP a random node for up to 8 s, then SIGCONT: it keeps its state; what is sent to it waits */
        PAUSE,
        /** SIGSTOP the leader (it wakes up still believing it leads) */
        PAUSE_LEADER,
        /** a random node's clock and ticker run 0.25 to 4 times as fast as the others' for a while */
        CLOCK_SKEW;

        public String wireName() {
            return name().toLowerCase(Locale.ROOT).replace('_', '-');
        }

        public static Kind parse(String name) {
            return valueOf(name.trim().toUpperCase(Locale.ROOT).replace('-', '_'));
        }
    }

    public FaultProfile {
        faults = List.copyOf(faults);
    }

    /** Every fault kind, one every ~1.5 s, a slightly lossy network. */
    public static FaultProfile all() {
        return new FaultProfile(List.of(Kind.values()), 1500,
                new SimNetwork.Profile(200_000, 5_000_000, 0.01, 0.005, 0.01, 0.001, 4096));
    }

    /** {@code all}, or a comma-separated list of kinds ({@code crash,isolate-leader}). */
    public static FaultProfile parse(String text, long meanGapMs, double drop, double duplicate, double reorder) {
        List<Kind> kinds = new ArrayList<>();
        if (text.equals("all")) {
            kinds.addAll(List.of(Kind.values()));
        } else if (!text.equals("none")) {
            for (String part : text.split(",")) kinds.add(Kind.parse(part));
        }
        return new FaultProfile(kinds, meanGapMs,
                new SimNetwork.Profile(200_000, 5_000_000, drop, duplicate, reorder, drop / 10, 4096));
    }

    public String describe() {
        StringBuilder b = new StringBuilder();
        for (Kind k : faults) b.append(b.length() == 0 ? "" : ",").append(k.wireName());
        return (b.length() == 0 ? "none" : b) + " every ~" + meanGapMs + " ms; drop " + network.drop() + ", duplicate "
                + network.duplicate() + ", reorder " + network.reorder();
    }
}
