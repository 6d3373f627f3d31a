package io.faultline.harness.nemesis;

import io.faultline.harness.generator.Seeds;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * When which fault happens, fixed by the seed before the run starts. Faults start
 * every {@code interval} (the first after half an interval of calm) and last
 * {@code duration}. The kinds come in rounds: each round uses every asked-for
 * kind once, in a seeded order, so every kind shows up in a long enough run.
 */
public record FaultSchedule(List<Planned> faults) {
    public FaultSchedule {
        faults = List.copyOf(faults);
    }

    /** One fault: starts {@code startMillis} after the workload starts, ends {@code durationMillis} later. */
    public record Planned(long startMillis, long durationMillis, Fault fault) {
        public long endMillis() {
            return startMillis + durationMillis;
        }

        /** The plan's line in nemesis.log. */
        public String describe() {
            return String.format(java.util.Locale.ROOT, "planned at %6.1f s for %4.1f s: %s", startMillis / 1e3,
                    durationMillis / 1e3, fault.describe());
        }
    }

    public static FaultSchedule plan(long seed, List<FaultPackage> options, List<Integer> nodes,
                                     Duration interval, Duration duration, Duration timeLimit) {
        if (options.isEmpty()) return new FaultSchedule(List.of());
        if (interval.isNegative() || interval.isZero()) throw new IllegalArgumentException("nemesis interval must be > 0");
        if (duration.compareTo(interval) >= 0) {
            throw new IllegalArgumentException("fault duration (" + duration.toMillis()
                    + " ms) must be shorter than the nemesis interval (" + interval.toMillis() + " ms)");
        }
        SplittableRandom rnd = Seeds.stream(seed, "nemesis", 0);
        List<Planned> out = new ArrayList<>();
        List<FaultPackage> round = new ArrayList<>();
        long limit = timeLimit.toMillis();
        for (long t = interval.toMillis() / 2; t + 1000 <= limit; t += interval.toMillis()) {
            if (round.isEmpty()) round.addAll(FaultPackages.shuffled(rnd, options));
            FaultPackage option = round.remove(0);
            long d = Math.min(duration.toMillis(), limit - t);
            out.add(new Planned(t, d, option.draw(rnd, nodes)));
        }
        return new FaultSchedule(out);
    }

    public boolean isEmpty() {
        return faults.isEmpty();
    }
}
