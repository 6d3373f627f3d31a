package io.faultline.harness.cli;

import io.faultline.checker.cli.Durations;
import io.faultline.harness.nemesis.FaultPackages;
import io.faultline.harness.nemesis.NemesisPlan;
import java.time.Duration;
import picocli.CommandLine.Option;

/**
 * The fault options shared by {@code run} (and so {@code detect}) and {@code sim}: the same
 * packages and schedule in both. Defaults are per command (the constructor's).
 */
public final class NemesisOptions {
    @Option(names = "--nemesis", description = {RegistryHelp.NEMESIS, "Default: ${DEFAULT-VALUE}."})
    String nemesis;

    @Option(names = "--nemesis-interval", description = "A fault starts every interval. Default: ${DEFAULT-VALUE}.")
    String nemesisInterval = "10s";

    @Option(names = "--fault-duration",
            description = "How long each fault lasts; shorter than the interval. Default: half the interval.")
    String faultDuration;

    /** Defaults of {@code run}: kill, pause and partitions. */
    static NemesisOptions forRun() {
        return new NemesisOptions("kill,pause,partition");
    }

    /** Defaults of {@code sim}: none (the simulator's own random faults run instead). */
    static NemesisOptions forSim() {
        return new NemesisOptions("none");
    }

    private NemesisOptions(String nemesis) {
        this.nemesis = nemesis;
    }

    /** The plan asked for; {@link NemesisPlan} refuses what cannot be scheduled. */
    NemesisPlan plan() {
        Duration interval = Durations.parse(nemesisInterval);
        return new NemesisPlan(FaultPackages.parse(nemesis), interval,
                faultDuration == null ? interval.dividedBy(2) : Durations.parse(faultDuration));
    }
}
