package io.faultline.harness.detect;

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
     * Parses {@code --flags}: a comma list of unsafe flags (with or without the
     * {@code --unsafe-} prefix) or {@code all}; the healthy node is always the last row.
     */
    public static List<Subject> parse(String text) {
        List<Subject> rows = new ArrayList<>();
        for (String raw : text.split(",")) {
            String name = raw.trim().toLowerCase(Locale.ROOT);
            if (name.isEmpty() || name.equals("healthy")) continue;
            List<String> wanted = name.equals("all") ? FLAGS : List.of(name.startsWith("--") ? name : "--unsafe-" + name);
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
