package io.faultline.harness.run;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Operation rates on the command line. */
public final class Rates {
    private static final Pattern RATE = Pattern.compile("(\\d+(?:\\.\\d+)?)\\s*(?:/\\s*s)?");

    private Rates() {}

    /** Operations per second: {@code 200/s} or {@code 200}; 0 or {@code unlimited} means unlimited. */
    public static double parse(String text) {
        String t = text.trim().toLowerCase(Locale.ROOT);
        if (t.equals("unlimited")) return 0;
        Matcher m = RATE.matcher(t);
        if (!m.matches()) throw new IllegalArgumentException("'" + text + "' is not a rate (e.g. 200/s)");
        return Double.parseDouble(m.group(1));
    }

    /** {@code rate} as {@link #parse} reads it: {@code 200/s}, {@code 12.5/s}. */
    public static String format(double rate) {
        return (rate == Math.rint(rate) ? Long.toString((long) rate) : Double.toString(rate)) + "/s";
    }
}
