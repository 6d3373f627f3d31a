package io.faultline.harness.nemesis;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Slow peer links: every link between peers holds what it carries {@code delayMillis} plus up
 * to {@code jitterMillis} each way, order kept (etcd's robustness suite does it with a proxy
 * on the peer links; there is no netem here). Under Docker a proxy in each container, in front
 * of the peer port; in simulation the network's latency. Client links are not slowed.
 */
public record LinkDelayFault(int delayMillis, int jitterMillis, long seed) implements Fault {
    /** One-way delays to draw from: around a heartbeat, and up to a good part of an election timeout. */
    private static final int[] DELAYS = {25, 50, 100, 200};

    public static final FaultPackage PACKAGE = new FaultPackage("link-delay",
            "slow every peer link by 25-200 ms each way, plus up to half that again of jitter (a proxy on the"
                    + " peer port)",
            d -> {
                int delay = DELAYS[d.rnd().nextInt(DELAYS.length)];
                return new LinkDelayFault(delay, delay / 2, d.rnd().nextLong());
            });

    public String kind() {
        return PACKAGE.name();
    }

    public String describe() {
        return "delay peer links " + delayMillis + " ms + up to " + jitterMillis + " ms each way";
    }

    public Struck start(FaultTarget cluster, int leader, Consumer<String> log) {
        cluster.delayLinks(delayMillis, jitterMillis, seed);
        Map<String, Object> extra = new LinkedHashMap<>();
        extra.put("delay-ms", delayMillis);
        extra.put("jitter-ms", jitterMillis);
        // Every node's links alike: the lanes draw nothing, the band and its description say it.
        return new Struck(describe(), Map.of(), extra);
    }

    public Struck stop(FaultTarget cluster, Struck started, Consumer<String> log) {
        cluster.healNetwork();
        return started;
    }
}
