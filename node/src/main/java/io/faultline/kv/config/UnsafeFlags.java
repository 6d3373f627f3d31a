package io.faultline.kv.config;

import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * The {@link PlantedBug}s a node was started with; {@link #NONE} for a correct node. The node's
 * command line refuses any unless {@value #CONSENT} is also given.
 */
public record UnsafeFlags(Set<PlantedBug> on) {
    public static final String CONSENT = "--i-know-this-is-unsafe";
    public static final UnsafeFlags NONE = new UnsafeFlags(Set.of());
    /** Every planted bug: {@link #names()} lists them all, in their declared order. */
    public static final UnsafeFlags ALL = new UnsafeFlags(EnumSet.allOf(PlantedBug.class));

    public UnsafeFlags {
        on = on.isEmpty() ? Set.of() : Set.copyOf(EnumSet.copyOf(on));
    }

    public static UnsafeFlags of(PlantedBug... bugs) {
        return new UnsafeFlags(bugs.length == 0 ? Set.of() : EnumSet.of(bugs[0], bugs));
    }

    public boolean has(PlantedBug bug) {
        return on.contains(bug);
    }

    /** The flags that are on, in their command-line spelling and declared order. */
    public List<String> names() {
        return EnumSet.allOf(PlantedBug.class).stream().filter(on::contains).map(PlantedBug::flag).toList();
    }

    public boolean any() {
        return !on.isEmpty();
    }

    /** What {@code flag} breaks; IllegalArgumentException for a flag that is no planted bug. */
    public static String consequence(String flag) {
        return PlantedBug.ofFlag(flag).map(PlantedBug::consequence)
                .orElseThrow(() -> new IllegalArgumentException("unknown unsafe flag " + flag));
    }
}
