package io.faultline.harness.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Opens a report in headless Chromium and reads the moments the page recorded itself (the
 * report's script sets {@code data-drawn-ms}, {@code data-painted-ms} and {@code data-phases}
 * on the root element, in ms since navigation started): {@code --dump-dom} prints the DOM once
 * the page has loaded, attributes included. A fresh browser profile per load, so nothing is
 * cached between loads.
 */
public final class HeadlessOpen {
    private static final Pattern ATTR = Pattern.compile("data-(drawn-ms|painted-ms|phases)=\"([^\"]*)\"");

    /**
     * One load.
     *
     * @param drawnMs   the script has drawn everything in view
     * @param paintedMs the first frame after that (the page as a reader first sees it whole)
     * @param phases    the script's own steps, {@code name=ms} separated by spaces
     */
    public record Load(long drawnMs, long paintedMs, String phases) {}

    private final String chromium;
    private final String window;

    /** @param window the window's {@code width,height} in CSS pixels: the part of the page in view at first */
    public HeadlessOpen(String chromium, String window) {
        this.chromium = chromium;
        this.window = window;
    }

    public Load open(Path page) throws IOException, InterruptedException {
        Path profile = Files.createTempDirectory("faultline-chromium-");
        try {
            List<String> cmd = new ArrayList<>(List.of(chromium, "--headless", "--no-sandbox", "--disable-gpu",
                    "--no-first-run", "--user-data-dir=" + profile, "--window-size=" + window,
                    "--dump-dom", page.toUri().toString()));
            Process p = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.DISCARD).start();
            String dom = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(120, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new IOException(chromium + " did not finish within 120 s");
            }
            Map<String, String> attrs = new LinkedHashMap<>();
            int end = dom.indexOf('>', Math.max(0, dom.indexOf("<html")));
            Matcher m = ATTR.matcher(end < 0 ? "" : dom.substring(0, end));
            while (m.find()) attrs.put(m.group(1), m.group(2));
            if (!attrs.containsKey("drawn-ms")) {
                throw new IOException("the page recorded no draw time (exit " + p.exitValue() + "); is " + chromium
                        + " a working Chromium?");
            }
            long drawn = Long.parseLong(attrs.get("drawn-ms"));
            // The paint mark comes a frame later; a DOM dumped before it has the draw time alone.
            long painted = attrs.containsKey("painted-ms") ? Long.parseLong(attrs.get("painted-ms")) : -1;
            return new Load(drawn, painted, attrs.getOrDefault("phases", ""));
        } finally {
            deleteTree(profile);
        }
    }

    private static void deleteTree(Path dir) throws IOException {
        try (var walk = Files.walk(dir)) {
            for (Path p : walk.sorted(java.util.Comparator.reverseOrder()).toList()) Files.deleteIfExists(p);
        }
    }
}
