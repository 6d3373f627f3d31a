package io.faultline.harness.nemesis;

import io.faultline.harness.system.Capability;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;
import java.util.function.Consumer;

/**
 * A power failure of the whole cluster: every node, the leader first, loses its process and
 * the writes it never fsynced (all of them, or a seeded suffix of each file's), then all are
 * restarted when the fault ends. Unlike {@code kill-all}, whose page cache survives, this
 * drops what a node acknowledged without syncing. Under Docker the data directories are on
 * the power-loss file system (docker/powerfs); in simulation the node's disk loses its
 * unsynced batches.
 *
 * @param suffixSeed empty: every unsynced write is lost; else each file keeps a seeded prefix
 *                   of its unsynced writes (in write order) and loses the rest
 */
public record PowerLossFault(List<Integer> order, OptionalLong suffixSeed) implements Fault {
    public static final FaultPackage PACKAGE = new FaultPackage("power-loss",
            "power failure of every node at once: processes killed and unsynced writes dropped (all, or a seeded "
                    + "suffix per file), restarted later",
            Set.of(Capability.POWER_LOSS_FS),
            d -> new PowerLossFault(d.order(), d.rnd().nextInt(3) == 0 ? OptionalLong.empty()
                    : OptionalLong.of(d.rnd().nextLong() & Long.MAX_VALUE)));

    /** The start op's field with what each node lost (the file system's answer). */
    public static final String LOST = "lost";

    public PowerLossFault {
        order = List.copyOf(order);
    }

    public String kind() {
        return PACKAGE.name();
    }

    public String describe() {
        return "power loss of all " + order.size() + " nodes (" + lostWords() + ")";
    }

    private String lostWords() {
        return suffixSeed.isEmpty() ? "every unsynced write lost"
                : "a seeded suffix of each file's unsynced writes lost, seed " + suffixSeed.getAsLong();
    }

    public Struck start(FaultTarget cluster, int leader, Consumer<String> log) {
        List<Integer> nodes = KillAllFault.leaderFirst(order, leader);
        Map<String, Object> lost = new LinkedHashMap<>();
        for (int n : nodes) {
            String what = cluster.powerOff(n, suffixSeed);
            lost.put("n" + n, what.lines().findFirst().orElse("").replaceFirst("^ok ", ""));
            log.accept("power loss of n" + n + ": " + what.strip().replace("\n", "\n  "));
        }
        return new Struck("power loss of " + CrashPointFault.names(nodes) + " (all, leader n" + leader + " first; "
                + lostWords() + ")", Struck.all(nodes, Effect.DOWN), Map.of(LOST, lost));
    }

    public Struck stop(FaultTarget cluster, Struck started, Consumer<String> log) {
        started.effects().keySet().forEach(cluster::restart);
        return started;
    }
}
