package io.faultline.harness.cli;

/** The machine's load average (/proc/loadavg): figures measured on a busy machine say so. */
final class LoadAverage {
    private LoadAverage() {}

    /** The three load averages, e.g. "1.20 0.80 0.50"; "unknown" off Linux. */
    static String now() {
        try {
            String[] f = java.nio.file.Files.readString(java.nio.file.Path.of("/proc/loadavg")).strip().split("\\s+");
            return f.length >= 3 ? f[0] + " " + f[1] + " " + f[2] : String.join(" ", f);
        } catch (java.io.IOException | RuntimeException e) {
            return "unknown";
        }
    }
}
