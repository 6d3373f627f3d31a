package io.faultline.harness.system;

import java.util.Locale;

/** One {@code --system-opt name=value} a system knows, with its default and a check of the value. */
public record SystemOption(String name, String defaultValue, Kind kind, String help) {
    public enum Kind { TEXT, BOOLEAN, POSITIVE_INT }

    public static SystemOption text(String name, String defaultValue, String help) {
        return new SystemOption(name, defaultValue, Kind.TEXT, help);
    }

    public static SystemOption bool(String name, boolean defaultValue, String help) {
        return new SystemOption(name, Boolean.toString(defaultValue), Kind.BOOLEAN, help);
    }

    public static SystemOption positiveInt(String name, int defaultValue, String help) {
        return new SystemOption(name, Integer.toString(defaultValue), Kind.POSITIVE_INT, help);
    }

    /** The value in its canonical spelling; IllegalArgumentException when it does not fit the kind. */
    String check(String system, String value) {
        String v = value.trim();
        switch (kind) {
            case BOOLEAN -> {
                String b = v.toLowerCase(Locale.ROOT);
                if (!b.equals("true") && !b.equals("false")) {
                    throw new IllegalArgumentException(system + " option " + name + " must be true or false, got '" + value + "'");
                }
                return b;
            }
            case POSITIVE_INT -> {
                try {
                    int i = Integer.parseInt(v);
                    if (i > 0) return Integer.toString(i);
                } catch (NumberFormatException ignored) {
                    // reported below
                }
                throw new IllegalArgumentException(system + " option " + name + " must be a positive integer, got '" + value + "'");
            }
            default -> {
                return v;
            }
        }
    }
}
