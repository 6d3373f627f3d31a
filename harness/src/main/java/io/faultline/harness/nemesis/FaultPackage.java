package io.faultline.harness.nemesis;

import io.faultline.harness.system.Capability;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.function.Function;

/**
 * A fault kind a user names with {@code --nemesis}: its name and help, what it needs of the
 * system, and how one is drawn from the seed. Each family's class declares its packages
 * (see {@link FaultPackages}); the drawn {@link Fault} carries the behaviour.
 */
public record FaultPackage(String name, String help, Set<Capability> needs, Function<Draw, Fault> drawer) {
    public FaultPackage {
        needs = Set.copyOf(needs);
    }

    public FaultPackage(String name, String help, Function<Draw, Fault> drawer) {
        this(name, help, Set.of(), drawer);
    }

    /** A concrete fault of this kind, its targets drawn from {@code rnd}. */
    public Fault draw(SplittableRandom rnd, List<Integer> nodes) {
        // Every kind draws a node order first, used or not, so one kind's draws never shift another's.
        return drawer.apply(new Draw(rnd, nodes, FaultPackages.shuffled(rnd, nodes)));
    }

    /**
     * The seeded randomness of one draw.
     *
     * @param order a seeded permutation of {@code nodes}
     */
    public record Draw(SplittableRandom rnd, List<Integer> nodes, List<Integer> order) {
        /** A third of the time the leader (where most of the trouble is), else a random node. */
        public Target target() {
            if (rnd.nextInt(3) == 0) return Target.LEADER;
            return new Target(nodes.get(rnd.nextInt(nodes.size())));
        }
    }
}
