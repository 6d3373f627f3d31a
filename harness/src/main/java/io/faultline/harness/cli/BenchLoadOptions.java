package io.faultline.harness.cli;

import io.faultline.harness.system.SystemUnderTest;
import io.faultline.harness.systems.Systems;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Option;

/** What the benches of whole systems share: which systems, in which order, and the puts' keys, values and seed. */
final class BenchLoadOptions {
    @Option(names = "--system", split = ",", defaultValue = "faultline,etcd", description = "Systems to compare, in order (the ratios are first / second). Default: ${DEFAULT-VALUE}.") List<String> systems;

    @Option(names = "--keys", defaultValue = "1000", description = "Keys the puts (and gets) choose from at random. Default: ${DEFAULT-VALUE}.") int keys;

    @Option(names = "--value-bytes", defaultValue = "100", description = "Bytes per put. Default: ${DEFAULT-VALUE}.") int valueBytes;

    @Option(names = "--seed", description = "Seed of the key choices (printed). Default: random.") Long seed;

    @Option(names = "--validate-only", hidden = true, description = "Check the options, run nothing.") boolean validateOnly;

    /** The systems, made with their default options; IllegalArgumentException names a bad one or a bad size. */
    List<SystemUnderTest> systems() {
        if (keys < 1 || valueBytes < 1) throw new IllegalArgumentException("--keys and --value-bytes must be positive");
        List<SystemUnderTest> out = new ArrayList<>();
        for (String s : systems) out.add(Systems.create(s.trim(), Map.of()));
        return out;
    }

    /** The seed given, or a random one (printed with the figures). */
    long seed() {
        return seed != null ? seed : io.faultline.harness.generator.Seeds.fresh();
    }
}
