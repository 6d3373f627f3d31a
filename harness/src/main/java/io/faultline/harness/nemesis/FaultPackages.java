package io.faultline.harness.nemesis;

import io.faultline.harness.system.Capability;
import io.faultline.harness.system.SystemUnderTest;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.stream.Collectors;

/**
 * Every fault kind, by {@code --nemesis} name: the one list that the option's help, its
 * validation, the schedule and the systems' refusals read.
 */
public final class FaultPackages {
    private static final List<FaultPackage> ALL;

    static {
        List<FaultPackage> all = new ArrayList<>();
        all.add(KillFault.PACKAGE);
        all.add(KillAllFault.PACKAGE);
        all.add(PowerLossFault.PACKAGE);
        all.add(CorruptFault.PACKAGE);
        all.add(PauseFault.PACKAGE);
        all.addAll(PartitionFault.PACKAGES);
        all.add(LossFault.PACKAGE);
        all.add(LinkDelayFault.PACKAGE);
        all.add(LinkDupFault.PACKAGE);
        all.add(ClockSkewFault.PACKAGE);
        all.add(VoteCrash.PACKAGE);
        all.add(CrashPointFault.PACKAGE);
        all.add(Figure8.PACKAGE);
        all.add(MembershipFault.PACKAGE);
        ALL = List.copyOf(all);
    }

    /** What {@code --nemesis all} means: the faults every system takes, none of them scripted. */
    public static final List<String> ALL_ALIAS = List.of("kill", "pause", "partition", "loss");

    private FaultPackages() {}

    public static List<FaultPackage> all() {
        return ALL;
    }

    public static FaultPackage byName(String name) {
        for (FaultPackage p : ALL) {
            if (p.name().equals(name)) return p;
        }
        throw new IllegalArgumentException("unknown nemesis '" + name + "' (known: " + String.join(", ", names()) + ")");
    }

    /** {@code none}, {@code all} and every package's name. */
    public static List<String> names() {
        List<String> out = new ArrayList<>(List.of("none", "all"));
        ALL.forEach(p -> out.add(p.name()));
        return out;
    }

    /** Parses a comma list; {@code all} means {@link #ALL_ALIAS}, {@code none} nothing. */
    public static List<FaultPackage> parse(String text) {
        Set<FaultPackage> out = new LinkedHashSet<>();
        for (String raw : text.split(",")) {
            String name = raw.trim().toLowerCase(Locale.ROOT);
            if (name.isEmpty() || name.equals("none")) continue;
            if (name.equals("all")) {
                ALL_ALIAS.forEach(a -> out.add(byName(a)));
            } else {
                out.add(byName(name));
            }
        }
        return List.copyOf(out);
    }

    /** The comma list that {@link #parse} reads back. */
    public static String format(List<FaultPackage> packages) {
        return packages.isEmpty() ? "none" : packages.stream().map(FaultPackage::name).collect(Collectors.joining(","));
    }

    /** Why {@code system} cannot take {@code p}; empty when it can. */
    public static Optional<String> refusal(FaultPackage p, SystemUnderTest system) {
        Set<Capability> missing = new LinkedHashSet<>(p.needs());
        missing.removeAll(system.capabilities());
        if (missing.isEmpty()) return Optional.empty();
        String why = missing.stream().map(Capability::lacking).filter(w -> !w.isEmpty())
                .collect(Collectors.joining("; "));
        return Optional.of("nemesis " + p.name() + " needs " + missing.stream().map(Capability::words)
                .collect(Collectors.joining(", ")) + ", which " + system.name() + " does not have"
                + (why.isEmpty() ? "" : ": " + why));
    }

    /** The names {@code system} takes. */
    public static List<String> supported(SystemUnderTest system) {
        return ALL.stream().filter(p -> refusal(p, system).isEmpty()).map(FaultPackage::name).toList();
    }

    /** The option's help: one line per kind. */
    public static String help() {
        StringBuilder b = new StringBuilder("Comma list of: ");
        for (FaultPackage p : ALL) {
            b.append("\n  ").append(p.name()).append(" - ").append(p.help());
            if (!p.needs().isEmpty()) {
                b.append(" (needs ").append(p.needs().stream().map(Capability::words).collect(Collectors.joining(", ")))
                        .append(')');
            }
        }
        return b.append("\n  all = ").append(String.join(",", ALL_ALIAS)).append("; none = no faults.").toString();
    }

    static <T> List<T> shuffled(SplittableRandom rnd, List<T> items) {
        List<T> l = new ArrayList<>(items);
        for (int i = l.size() - 1; i > 0; i--) Collections.swap(l, i, rnd.nextInt(i + 1));
        return l;
    }
}
