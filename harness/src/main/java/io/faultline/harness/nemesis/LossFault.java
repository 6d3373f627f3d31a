package io.faultline.harness.nemesis;

import java.util.Locale;
import java.util.Map;
import java.util.function.Consumer;

/** Every node drops each packet from its peers with this probability. */
public record LossFault(double probability) implements Fault {
    public static final FaultPackage PACKAGE = new FaultPackage("loss",
            "drop 10-40% of the packets between peers (iptables statistic)",
            d -> new LossFault((10 + 10 * d.rnd().nextInt(4)) / 100.0));

    public String kind() {
        return PACKAGE.name();
    }

    public String describe() {
        return String.format(Locale.ROOT, "loss %.0f%%", probability * 100);
    }

    public Struck start(FaultTarget cluster, int leader, Consumer<String> log) {
        cluster.loss(probability);
        // No node is struck more than another: the lanes draw nothing for it.
        return new Struck(describe(), Map.of(), Map.of("probability", probability));
    }

    public Struck stop(FaultTarget cluster, Struck started, Consumer<String> log) {
        cluster.healNetwork();
        return started;
    }
}
