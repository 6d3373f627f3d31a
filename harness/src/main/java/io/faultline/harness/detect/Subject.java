package io.faultline.harness.detect;

import io.faultline.kv.config.PlantedBug;
import io.faultline.kv.config.UnsafeFlags;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * One row of the detection matrix: the node started with one of its {@code --unsafe-*}
 * bugs, or the healthy node (no flag), whose every violation is a false alarm.
 *
 * @param flag the unsafe flag, or null for the healthy node
 */
public record Subject(String flag) {
    public static final Subject HEALTHY = new Subject(null);

    /** Every bug the node can be started with, in the order of docs/node.md. */
    public static final List<String> FLAGS = UnsafeFlags.ALL.names();

    public boolean healthy() {
        return flag == null;
    }

    /** The node flags of this row (with the consent the node demands), added to the user's own. */
    public String nodeFlags() {
        return healthy() ? "" : flag + " " + UnsafeFlags.CONSENT;
    }

    public String label() {
        return healthy() ? "healthy" : flag;
    }

    /**
     * The fault kind without which a flag cannot show at all (no node leaves its configuration
     * unless a membership changes): {@code all} leaves such a flag out of a matrix whose
     * nemesis lacks it, so that {@code --require} measures the faults that were run.
     */
    public static final java.util.Map<String, String> NEEDS = java.util.Map.of(PlantedBug.OUTSIDER_READS.flag(), "membership");

    /** As {@link #parse(String, java.util.Collection)} for a matrix that runs every fault kind. */
    public static List<Subject> parse(String text) {
        return parse(text, null);
    }

    /**
     * Parses {@code --flags}: a comma list of unsafe flags (with or without the
     * {@code --unsafe-} prefix) or {@code all}; the healthy node is always the last row.
     * {@code nemeses}: the fault kinds the matrix runs ({@code all} leaves out a flag that
     * needs another, see {@link #NEEDS}); null for every kind.
     */
    public static List<Subject> parse(String text, java.util.Collection<String> nemeses) {
        List<Subject> rows = new ArrayList<>();
        for (String raw : text.split(",")) {
            String name = raw.trim().toLowerCase(Locale.ROOT);
            if (name.isEmpty() || name.equals("healthy")) continue;
            List<String> wanted = name.equals("all")
                    ? FLAGS.stream().filter(f -> nemeses == null || !NEEDS.containsKey(f) || nemeses.contains(NEEDS.get(f))).toList()
                    : List.of(name.startsWith("--") ? name : "--unsafe-" + name);
            for (String f : wanted) {
                if (!FLAGS.contains(f)) {
                    throw new IllegalArgumentException("unknown unsafe flag '" + raw.trim() + "' (known: all, "
                            + String.join(", ", FLAGS) + ")");
                }
                Subject s = new Subject(f);
                if (!rows.contains(s)) rows.add(s);
            }
        }
        rows.add(HEALTHY);
        return List.copyOf(rows);
    }
}
