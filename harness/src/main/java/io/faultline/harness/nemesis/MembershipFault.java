package io.faultline.harness.nemesis;

import io.faultline.harness.system.Capability;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

/**
 * A member removed from the cluster's configuration through the system's own API (etcd's
 * member remove, the Faultline node's RemoveMember, JetStream's stream peer and server remove),
 * and at the end wiped and added back as a fresh member in its place (a new identity, an empty
 * data directory: etcd's member add with {@code --initial-cluster-state existing}, the node's
 * AddMember and {@code --join}, a NATS server under a new name that joins by its routes). The
 * removed process is left as the system leaves it while the fault lasts: etcd's stops itself,
 * the Faultline node's goes on running outside the configuration, where clients still reach it,
 * and a NATS server disables its JetStream but still forwards its clients' requests.
 * Both nemesis ops carry the members after the change ({@code "members":["n1","n2"]}), so
 * the history holds the membership at every moment.
 */
public record MembershipFault(Target target) implements Fault {
    public static final FaultPackage PACKAGE = new FaultPackage("membership",
            "remove a member (the leader half the time) through the system's API; at the end wipe it and add it"
                    + " back as a fresh member (new identity)",
            Set.of(Capability.MEMBERSHIP), MembershipFault::draw);

    /**
     * The leader half the time, more often than other kinds aim at it: a leader removing itself
     * hands over and steps down, where membership code goes wrong most; else a seeded node.
     */
    private static MembershipFault draw(FaultPackage.Draw d) {
        return new MembershipFault(d.rnd().nextBoolean() ? Target.LEADER : new Target(d.order().get(0)));
    }

    public String kind() {
        return PACKAGE.name();
    }

    public String describe() {
        return "remove " + target() + " from the members, re-add it wiped";
    }

    @Override
    public Readiness readiness() {
        return target.isLeader() ? Readiness.LEADER_AIMED : Readiness.LEADER;
    }

    public Struck start(FaultTarget cluster, int leader, Consumer<String> log) {
        int n = target.resolve(leader);
        List<Integer> after = cluster.removeMember(n);
        Map<String, Object> extra = new LinkedHashMap<>();
        extra.put("removed", "n" + n);
        extra.put("members", names(after));
        return new Struck("remove " + target.name(leader) + " from the members (now " + CrashPointFault.names(after) + ")",
                Map.of(n, Effect.REMOVED), extra);
    }

    public Struck stop(FaultTarget cluster, Struck started, Consumer<String> log) {
        int n = started.effects().keySet().iterator().next();
        List<Integer> after = cluster.addFreshMember(n);
        Map<String, Object> extra = new LinkedHashMap<>();
        extra.put("added", "n" + n);
        extra.put("members", names(after));
        return started.plus(Map.of(), extra)
                .withDescription(started.description() + "; n" + n + " re-added wiped (members " + CrashPointFault.names(after) + ")");
    }

    private static List<String> names(List<Integer> nodes) {
        return nodes.stream().map(i -> "n" + i).toList();
    }
}
