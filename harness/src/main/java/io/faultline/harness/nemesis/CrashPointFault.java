package io.faultline.harness.nemesis;

import io.faultline.harness.nemesis.Fault.CrashAt;
import io.faultline.harness.nemesis.Fault.CrashAt.Provoke;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * The random crash-point nemesis: the node crash points that the scripted faults aim
 * with a fixed schedule, armed instead at random, so that over many runs they land in
 * states no script foresaw. Two kinds, both where the planted bugs live:
 *
 * <ul>
 *   <li>{@value VoteCrash#CRASH_POINT} on every follower, with the leader killed or cut off
 *       so that an election comes: the first follower to grant a vote halts on the spot, and
 *       restarts when the fault ends, when the old leader may ask it for a vote of the same
 *       term (votes that must survive a crash);</li>
 *   <li>{@value #AFTER_COMMIT} on the leader (two times in three) or a follower: it halts
 *       right after a commit that its clients were told of, before anyone else learns of
 *       it (commits that must be decided by a quorum of the leader's term); a third of
 *       these also cut the leader off first, so its successor's first commit is the one.</li>
 * </ul>
 */
final class CrashPointFault {
    static final String AFTER_COMMIT = "after-commit";

    private final FaultTarget target;

    CrashPointFault(FaultTarget target) {
        this.target = target;
    }

    /** A crash point drawn from the seed; which node it lands on is resolved when it starts. */
    static CrashAt draw(SplittableRandom rnd) {
        if (rnd.nextBoolean()) {
            return new CrashAt(VoteCrash.CRASH_POINT, rnd.nextBoolean() ? Provoke.KILL_LEADER : Provoke.ISOLATE_LEADER,
                    rnd.nextInt(100));
        }
        return new CrashAt(AFTER_COMMIT, rnd.nextInt(3) == 0 ? Provoke.ISOLATE_LEADER : Provoke.NOTHING,
                rnd.nextInt(100));
    }

    /** Arms the point and provokes; returns what was done, for the start op. {@code leader}: the leader now. */
    String start(CrashAt fault, int leader) {
        List<Integer> followers = new ArrayList<>(target.nodes());
        followers.remove(Integer.valueOf(leader));
        List<Integer> armed;
        if (followers.isEmpty()) {
            armed = List.of(leader);
        } else if (fault.point().equals(VoteCrash.CRASH_POINT)) {
            // Whichever follower becomes the candidate grants nothing; the other one must halt.
            armed = followers;
        } else if (fault.provoke() == Provoke.NOTHING && fault.pick() < 67) {
            // The leader two times in three: its commits are the ones clients were told of.
            armed = List.of(leader);
        } else {
            // Behind a cut-off leader, its successor's first commit (or a follower's, plain).
            armed = List.of(followers.get(fault.pick() % followers.size()));
        }
        // A node still restarting from an earlier fault cannot be armed; the others still are.
        armed = armed.stream().filter(target::running).toList();
        if (armed.isEmpty()) throw new IllegalStateException("no node to arm " + fault.point() + " on is running");
        for (int n : armed) target.armCrashPoint(n, fault.point(), 0);
        String what = "crash point " + fault.point() + " armed on " + names(armed)
                + (armed.contains(leader) ? " (leader)" : "");
        switch (fault.provoke()) {
            case KILL_LEADER -> target.kill(leader);
            case ISOLATE_LEADER -> target.partition(Connectivity.groups(target.nodes(),
                    List.of(List.of(leader), followers)));
            case NOTHING -> { }
        }
        return what + switch (fault.provoke()) {
            case NOTHING -> "";
            case KILL_LEADER -> "; leader n" + leader + " killed";
            case ISOLATE_LEADER -> "; leader n" + leader + " cut off";
        };
    }

    /** "n1 n2": the nodes as the descriptions of the other faults name them. */
    static String names(List<Integer> nodes) {
        return String.join(" ", nodes.stream().map(n -> "n" + n).toList());
    }

    /** Disarms what did not fire, heals the network, restarts every node that is down; returns the nodes that were. */
    List<Integer> end() {
        List<Integer> down = target.nodes().stream().filter(n -> !target.running(n)).toList();
        for (int n : target.nodes()) {
            if (down.contains(n)) continue;
            try {
                target.armCrashPoint(n, "none", 0);
            } catch (RuntimeException e) {
                // A node that does not answer has nothing armed once it restarts anyway.
            }
        }
        target.healNetwork();
        for (int n : down) target.restart(n);
        return down;
    }
}
