package io.faultline.harness.nemesis;

import java.time.Duration;
import java.util.List;

/**
 * What {@code --nemesis}, {@code --nemesis-interval} and {@code --fault-duration} ask for; the
 * seed turns it into a {@link FaultSchedule}, the same in {@code run} and {@code sim}.
 */
public record NemesisPlan(List<FaultPackage> packages, Duration interval, Duration duration) {
    public static final NemesisPlan NONE = new NemesisPlan(List.of(), Duration.ofSeconds(10), Duration.ofSeconds(5));

    public NemesisPlan {
        packages = List.copyOf(packages);
        if (!packages.isEmpty() && (interval.isNegative() || interval.isZero())) {
            throw new IllegalArgumentException("--nemesis-interval must be > 0");
        }
        if (!packages.isEmpty() && duration.compareTo(interval) >= 0) {
            throw new IllegalArgumentException("--fault-duration must be shorter than --nemesis-interval");
        }
    }

    public boolean isEmpty() {
        return packages.isEmpty();
    }

    public FaultSchedule schedule(long seed, List<Integer> nodes, Duration timeLimit) {
        return FaultSchedule.plan(seed, packages, nodes, interval, duration, timeLimit);
    }
}
