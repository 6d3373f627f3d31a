package io.faultline.harness.nemesis;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What a fault did, as data: a description for people, the nodes it struck and how
 * (never parsed back from the description), and the facts recorded with its nemesis op.
 */
public record Struck(String description, Map<Integer, Effect> effects, Map<String, Object> extra) {
    public Struck {
        effects = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(effects));
        extra = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(extra));
    }

    public static Struck of(String description, Map<Integer, Effect> effects) {
        return new Struck(description, effects, Map.of());
    }

    /** What a script found, before its effects are added. */
    public static Struck found(String description, Map<String, Object> extra) {
        return new Struck(description, Map.of(), extra);
    }

    /** Every node in {@code nodes} with {@code effect}. */
    public static Map<Integer, Effect> all(Iterable<Integer> nodes, Effect effect) {
        Map<Integer, Effect> out = new LinkedHashMap<>();
        for (int n : nodes) out.put(n, effect);
        return out;
    }

    public Struck withDescription(String d) {
        return new Struck(d, effects, extra);
    }

    /** The same with {@code more} effects (they win for a node named in both) and {@code moreExtra}. */
    public Struck plus(Map<Integer, Effect> more, Map<String, Object> moreExtra) {
        Map<Integer, Effect> e = new LinkedHashMap<>(effects);
        e.putAll(more);
        Map<String, Object> x = new LinkedHashMap<>(extra);
        x.putAll(moreExtra);
        return new Struck(description, e, x);
    }
}
