package io.faultline.harness.shard;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What a shard ran, as option name → value: shards merge only when these are equal, and a
 * refusal names the options that differ. Read from the command line that repeats the run
 * (a sim's replay line, a run's rerun line), so every option that decides a run is in it.
 */
public final class Configuration {
    private Configuration() {}

    /**
     * The {@code --name value} pairs of a command line as the project writes them (values
     * with spaces in single quotes, {@code '\''} for a quote); an option without a value is
     * "true"; a repeated option's values are joined by a space. Options in {@code leaveOut}
     * (without their dashes) are skipped.
     */
    public static Map<String, String> ofCommandLine(String line, Collection<String> leaveOut) {
        List<String[]> words = words(line); // {text, "q" when it was quoted}
        Map<String, String> out = new LinkedHashMap<>();
        for (int i = 0; i < words.size(); i++) {
            String w = words.get(i)[0];
            if (words.get(i)[1] != null || !w.startsWith("--")) continue; // the program and its command
            String name = w.substring(2);
            String value = "true";
            int eq = name.indexOf('=');
            if (eq >= 0) {
                value = name.substring(eq + 1);
                name = name.substring(0, eq);
            } else if (i + 1 < words.size() && (words.get(i + 1)[1] != null || !words.get(i + 1)[0].startsWith("--"))) {
                value = words.get(++i)[0];
            }
            if (leaveOut.contains(name)) continue;
            out.merge(name, value, (a, b) -> a + " " + b);
        }
        return out;
    }

    /** Each option whose value differs, as {@code name: a vs b}; empty when the two are alike. */
    public static List<String> differences(Map<String, String> a, Map<String, String> b) {
        Set<String> names = new LinkedHashSet<>(a.keySet());
        names.addAll(b.keySet());
        List<String> out = new ArrayList<>();
        for (String n : names) {
            String x = a.get(n);
            String y = b.get(n);
            if (x == null ? y != null : !x.equals(y)) out.add(n + ": " + shown(x) + " vs " + shown(y));
        }
        return out;
    }

    private static String shown(String v) {
        return v == null ? "(not given)" : v;
    }

    private static List<String[]> words(String line) {
        List<String[]> out = new ArrayList<>();
        StringBuilder w = null;
        boolean quoted = false;
        boolean inQuote = false;
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (inQuote) {
                if (c == '\'') inQuote = false;
                else w.append(c);
            } else if (c == '\'') {
                if (w == null) w = new StringBuilder();
                inQuote = true;
                quoted = true;
            } else if (c == '\\' && i + 1 < line.length()) {
                if (w == null) w = new StringBuilder();
                w.append(line.charAt(++i));
            } else if (Character.isWhitespace(c)) {
                if (w != null) out.add(new String[] {w.toString(), quoted ? "q" : null});
                w = null;
                quoted = false;
            } else {
                if (w == null) w = new StringBuilder();
                w.append(c);
            }
        }
        if (inQuote) throw new IllegalArgumentException("an unclosed quote in: " + line);
        if (w != null) out.add(new String[] {w.toString(), quoted ? "q" : null});
        return out;
    }
}
