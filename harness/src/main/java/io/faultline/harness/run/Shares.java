package io.faultline.harness.run;

/** Shares given as percentages on the command line ({@code 50%}, {@code 50}). */
public final class Shares {
    private Shares() {}

    /** 0 to 100; {@code option} names the option in the error. */
    public static int percent(String option, String text) {
        String t = text.trim();
        if (t.endsWith("%")) t = t.substring(0, t.length() - 1).trim();
        try {
            int p = Integer.parseInt(t);
            if (p >= 0 && p <= 100) return p;
        } catch (NumberFormatException ignored) {
            // below
        }
        throw new IllegalArgumentException(option + ": '" + text + "' is not a share between 0% and 100%");
    }
}
