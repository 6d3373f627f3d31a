package io.faultline.harness.nemesis;

import io.faultline.harness.system.Capability;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

/**
 * Duplicated peer messages: while the fault lasts every node delivers what it receives from
 * its peers a second time with {@code probability}, drawn from {@code seed} (etcd's robustness
 * suite duplicates on its peer proxy; Jepsen uses netem). Raft must take a message twice: a
 * vote granted again, an append or its answer repeated, a heartbeat twice. A blind byte proxy
 * cannot do it (a copied chunk breaks gRPC's or HTTP's framing), so the Faultline node does
 * it in its transport (Admin.SetLinkDuplication, a received frame's messages delivered
 * twice), etcd's in the link proxy, which re-frames its rafthttp message streams (link-delay.pl),
 * the simulator in its network (each message); other systems cannot take it.
 */
public record LinkDupFault(double probability, long seed) implements Fault {
    private static final double[] PROBABILITIES = {0.1, 0.25, 0.5};

    public static final FaultPackage PACKAGE = new FaultPackage("link-dup",
            "every node delivers what its peers send it twice with probability 0.1, 0.25 or 0.5 (seeded; the node's"
                    + " own transport, or for etcd the link proxy on its message streams)",
            Set.of(Capability.LINK_DUPLICATION),
            d -> new LinkDupFault(PROBABILITIES[d.rnd().nextInt(PROBABILITIES.length)], d.rnd().nextLong()));

    public String kind() {
        return PACKAGE.name();
    }

    public String describe() {
        return "duplicate peer messages with probability " + probability;
    }

    public Struck start(FaultTarget cluster, int leader, Consumer<String> log) {
        cluster.duplicateLinks(probability, seed);
        Map<String, Object> extra = new LinkedHashMap<>();
        extra.put("probability", probability);
        extra.put("seed", seed);
        // Every node's links alike: the lanes draw nothing, the band and its description say it.
        return new Struck(describe() + ", seed " + seed, Map.of(), extra);
    }

    public Struck stop(FaultTarget cluster, Struck started, Consumer<String> log) {
        String tally = cluster.duplicateLinks(0, seed);
        log.accept("link-dup ended: " + tally);
        return started.plus(Map.of(), Map.of("duplicated", tally));
    }
}
