package io.faultline.harness.system;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A system's options as given with {@code --system-opt}, checked against what the
 * system knows and completed with the defaults. config.json records {@link #values()};
 * the re-run command line needs only {@link #changed()}.
 */
public record SystemOptions(List<SystemOption> known, Map<String, String> values) {
    public SystemOptions {
        known = List.copyOf(known);
        values = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(values));
    }

    /** Every known option, given or default; IllegalArgumentException for an unknown name or a bad value. */
    public static SystemOptions resolve(String system, List<SystemOption> known, Map<String, String> given) {
        Map<String, SystemOption> byName = new LinkedHashMap<>();
        for (SystemOption o : known) byName.put(o.name(), o);
        for (String name : given.keySet()) {
            if (!byName.containsKey(name)) {
                throw new IllegalArgumentException("system " + system + " has no option '" + name + "' (known: "
                        + (byName.isEmpty() ? "none" : String.join(", ", byName.keySet())) + ")");
            }
        }
        Map<String, String> values = new LinkedHashMap<>();
        for (SystemOption o : known) {
            String v = given.get(o.name());
            values.put(o.name(), v == null ? o.defaultValue() : o.check(system, v));
        }
        return new SystemOptions(known, values);
    }

    public String text(String name) {
        String v = values.get(name);
        if (v == null) throw new IllegalArgumentException("no option " + name);
        return v;
    }

    public boolean bool(String name) {
        return Boolean.parseBoolean(text(name));
    }

    public int integer(String name) {
        return Integer.parseInt(text(name));
    }

    /** The options whose value differs from the default, in declaration order. */
    public Map<String, String> changed() {
        Map<String, String> out = new LinkedHashMap<>();
        for (SystemOption o : known) {
            if (!o.defaultValue().equals(values.get(o.name()))) out.put(o.name(), values.get(o.name()));
        }
        return out;
    }

    /** Parses {@code name=value}; the value may contain '=' and spaces. */
    public static Map.Entry<String, String> parseAssignment(String text) {
        int eq = text.indexOf('=');
        if (eq <= 0) throw new IllegalArgumentException("--system-opt wants name=value, got '" + text + "'");
        return Map.entry(text.substring(0, eq).trim(), text.substring(eq + 1));
    }
}
