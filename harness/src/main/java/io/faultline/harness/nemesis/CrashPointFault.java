package io.faultline.harness.nemesis;

import io.faultline.harness.system.Capability;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.function.Consumer;

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
 *
 * @param point   the crash point armed
 * @param provoke what the fault does besides arming, to make an election happen
 * @param pick    a seeded draw (0..99) that picks the node among those eligible when it starts
 */
public record CrashPointFault(String point, Provoke provoke, int pick) implements Fault {
    public static final FaultPackage PACKAGE = new FaultPackage("crash-points",
            "arm a random crash point (after-vote-grant on a follower while the leader is killed"
                    + " or cut off, or after-commit, mostly on the leader) on a node; it halts there and restarts when"
                    + " the fault ends", Set.of(Capability.CRASH_POINTS), d -> draw(d.rnd()));

    static final String AFTER_COMMIT = "after-commit";

    /** What the fault does besides arming. */
    public enum Provoke { NOTHING, KILL_LEADER, ISOLATE_LEADER }

    /** A crash point drawn from the seed; which node it lands on is resolved when it starts. */
    static CrashPointFault draw(SplittableRandom rnd) {
        if (rnd.nextBoolean()) {
            return new CrashPointFault(VoteCrash.CRASH_POINT,
                    rnd.nextBoolean() ? Provoke.KILL_LEADER : Provoke.ISOLATE_LEADER, rnd.nextInt(100));
        }
        return new CrashPointFault(AFTER_COMMIT, rnd.nextInt(3) == 0 ? Provoke.ISOLATE_LEADER : Provoke.NOTHING,
                rnd.nextInt(100));
    }

    public String kind() {
        return PACKAGE.name();
    }

    public String describe() {
        return "crash point " + point + switch (provoke) {
            case NOTHING -> "";
            case KILL_LEADER -> ", leader killed";
            case ISOLATE_LEADER -> ", leader cut off";
        };
    }

    @Override
    public Readiness readiness() {
        return Readiness.LEADER_AIMED;
    }

    /** Arms the point and provokes; {@code leader}: the leader now. */
    public Struck start(FaultTarget target, int leader, Consumer<String> log) {
        List<Integer> followers = new ArrayList<>(target.nodes());
        followers.remove(Integer.valueOf(leader));
        List<Integer> armed;
        if (followers.isEmpty()) {
            armed = List.of(leader);
        } else if (point.equals(VoteCrash.CRASH_POINT)) {
            // Whichever follower becomes the candidate grants nothing; the other one must halt.
            armed = followers;
        } else if (provoke == Provoke.NOTHING && pick < 67) {
            // The leader two times in three: its commits are the ones clients were told of.
            armed = List.of(leader);
        } else {
            // Behind a cut-off leader, its successor's first commit (or a follower's, plain).
            armed = List.of(followers.get(pick % followers.size()));
        }
        // A node still restarting from an earlier fault cannot be armed; the others still are.
        armed = armed.stream().filter(target::running).toList();
        if (armed.isEmpty()) throw new IllegalStateException("no node to arm " + point + " on is running");
        for (int n : armed) target.armCrashPoint(n, point, 0);
        String what = "crash point " + point + " armed on " + names(armed) + (armed.contains(leader) ? " (leader)" : "");
        Map<Integer, Effect> effects = new LinkedHashMap<>();
        switch (provoke) {
            case KILL_LEADER -> {
                target.kill(leader);
                effects.put(leader, Effect.DOWN);
            }
            case ISOLATE_LEADER -> {
                target.partition(Connectivity.groups(target.nodes(), List.of(List.of(leader), followers)));
                effects.put(leader, Effect.CUT_OFF);
            }
            case NOTHING -> { }
        }
        return new Struck(what + switch (provoke) {
            case NOTHING -> "";
            case KILL_LEADER -> "; leader n" + leader + " killed";
            case ISOLATE_LEADER -> "; leader n" + leader + " cut off";
        }, effects, Map.of("point", point));
    }

    /** Disarms what did not fire, heals the network, restarts every node that is down (said in the stop op). */
    public Struck stop(FaultTarget target, Struck started, Consumer<String> log) {
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
        return started.withDescription(started.description()
                        + (down.isEmpty() ? "; nothing halted" : "; restarted " + names(down)))
                .plus(Struck.all(down, Effect.DOWN), Map.of("down", down));
    }

    /** "n1 n2": the nodes as the descriptions of the other faults name them. */
    static String names(List<Integer> nodes) {
        return String.join(" ", nodes.stream().map(n -> "n" + n).toList());
    }
}
