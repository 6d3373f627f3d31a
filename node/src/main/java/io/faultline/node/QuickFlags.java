package io.faultline.node;

import java.lang.reflect.Field;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import io.faultline.kv.config.PlantedBug;
import io.faultline.kv.config.UnsafeFlags;
import picocli.CommandLine.Option;

/**
 * Reads a well-formed node command line straight from {@link NodeCommand}'s own
 * {@code @Option} annotations (names, {@code ${env:NAME:-default}} defaults, field types),
 * without building picocli's model of the command. A restarting node spends a fifth of its
 * start in picocli otherwise: about 180 classes compiled for Java 5, which the image's
 * class-data archive cannot hold, loaded and run cold.
 *
 * <p>Anything it does not read exactly as picocli would (help or version, a flag it does not
 * know, a flag given twice, a missing or unconvertible value, an argument that is not a
 * flag) gives empty, and the caller hands the command line to picocli, which parses it or
 * says what is wrong with it. {@code QuickFlagsTest} holds the two readings to each other.
 */
final class QuickFlags {
    /** What {@link Option#defaultValue()} returns when an option names no default. */
    private static final String NO_DEFAULT = "__no_default_value__";
    private static final Pattern ENV_DEFAULT = Pattern.compile("\\$\\{env:([A-Za-z0-9_]+):-(.*)}");

    private QuickFlags() {}

    /** The command with its fields set from {@code args} and {@code env}, or empty (then use picocli). */
    static Optional<NodeCommand> parse(String[] args, Function<String, String> env) {
        Map<String, Field> byName = new HashMap<>();
        for (Field f : NodeCommand.class.getDeclaredFields()) {
            Option option = f.getAnnotation(Option.class);
            if (option != null) for (String name : option.names()) byName.put(name, f);
        }
        NodeCommand command = new NodeCommand();
        Set<Field> given = new HashSet<>();
        try {
            for (int i = 0; i < args.length; i++) {
                String arg = args[i];
                int eq = arg.indexOf('=');
                String name = arg.startsWith("--") && eq > 0 ? arg.substring(0, eq) : arg;
                Optional<PlantedBug> bug = PlantedBug.ofFlag(name);
                if (isUnsafeFlag(name)) {
                    // The --unsafe-* flags are made from PlantedBug, not fields (PlantedBugOptions).
                    if (arg.length() != name.length()) return Optional.empty();
                    boolean first = bug.isPresent() ? command.plantedBugs.add(bug.get()) : !command.unsafeConsent;
                    if (!first) return Optional.empty();
                    if (bug.isEmpty()) command.unsafeConsent = true;
                    continue;
                }
                Field field = byName.get(name);
                if (field == null || !given.add(field)) return Optional.empty();
                String value;
                if (field.getType() == boolean.class) {
                    if (eq > 0 && arg.startsWith("--")) return Optional.empty();
                    value = "true";
                } else if (eq > 0 && arg.startsWith("--")) {
                    value = arg.substring(eq + 1);
                } else if (i + 1 < args.length && !byName.containsKey(args[i + 1]) && !isUnsafeFlag(args[i + 1])) {
                    value = args[++i];
                } else {
                    return Optional.empty();
                }
                if (!set(command, field, value)) return Optional.empty();
            }
            for (Map.Entry<String, Field> e : byName.entrySet()) {
                Field field = e.getValue();
                if (given.contains(field)) continue;
                String defaultValue = field.getAnnotation(Option.class).defaultValue();
                if (defaultValue.equals(NO_DEFAULT)) continue; // the field's own initial value
                Matcher m = ENV_DEFAULT.matcher(defaultValue);
                if (!m.matches()) return Optional.empty();
                String fromEnv = env.apply(m.group(1));
                if (!set(command, field, fromEnv != null ? fromEnv : m.group(2))) return Optional.empty();
                given.add(field);
            }
        } catch (IllegalAccessException e) {
            return Optional.empty();
        }
        return Optional.of(command);
    }

    private static boolean isUnsafeFlag(String arg) {
        return PlantedBug.ofFlag(arg).isPresent() || arg.equals(UnsafeFlags.CONSENT);
    }

    /** Sets a field as picocli converts its text; false when the text does not convert. */
    private static boolean set(NodeCommand command, Field field, String text) throws IllegalAccessException {
        Class<?> type = field.getType();
        try {
            if (type == String.class) {
                field.set(command, text);
            } else if (type == long.class) {
                field.setLong(command, Long.parseLong(text));
            } else if (type == int.class) {
                field.setInt(command, Integer.parseInt(text));
            } else if (type == Path.class) {
                field.set(command, Path.of(text));
            } else if (type == boolean.class && (text.equalsIgnoreCase("true") || text.equalsIgnoreCase("false"))) {
                field.setBoolean(command, Boolean.parseBoolean(text));
            } else {
                return false;
            }
        } catch (RuntimeException e) { // a number that does not parse, a path that is not one
            return false;
        }
        return true;
    }
}
