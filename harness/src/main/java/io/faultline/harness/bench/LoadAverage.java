package io.faultline.harness.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** The machine's load, printed with every bench figure: figures from a busy machine say so. */
public final class LoadAverage {
    private LoadAverage() {}

    /** {@code /proc/loadavg} as it reads ("0.52 1.98 2.93 1/345 6789"), or "unknown" off Linux. */
    public static String now() {
        try {
            return Files.readString(Path.of("/proc/loadavg")).strip();
        } catch (IOException | RuntimeException e) {
            return "unknown";
        }
    }

    /** The 1-, 5- and 15-minute load averages ("0.52 1.98 2.93"), or "unknown". */
    public static String threeAverages() {
        String[] f = now().split("\\s+");
        return f.length >= 3 ? f[0] + " " + f[1] + " " + f[2] : String.join(" ", f);
    }

    /** The 1-minute load average alone ("0.52"), or "unknown". */
    public static String oneMinute() {
        String all = now();
        int space = all.indexOf(' ');
        return space < 0 ? all : all.substring(0, space);
    }
}
