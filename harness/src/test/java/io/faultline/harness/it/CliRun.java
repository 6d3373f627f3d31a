package io.faultline.harness.it;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/** {@code faultline run} as its own process, for tests that stop it as a user would (Ctrl-C). */
public final class CliRun {
    private CliRun() {}

    /** Starts {@code faultline ARGS} from the harness's build, its output to {@code log}, SIGINT left to its default. */
    public static Process start(Path log, List<String> args) throws Exception {
        String cp = Path.of("target", "classes") + File.pathSeparator + Path.of("target", "lib") + File.separator + "*";
        List<String> command = new ArrayList<>();
        // A build started without job control (e.g. in the background) passes SIGINT on
        // as ignored, and a JVM keeps an ignored SIGINT ignored; perl (part of every
        // Debian) restores the default before it execs the JVM, keeping the pid.
        if (onPath("perl")) command.addAll(List.of("perl", "-e", "$SIG{INT}='DEFAULT'; exec @ARGV or die \"exec: $!\""));
        command.addAll(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", cp, "io.faultline.cli.Faultline"));
        command.addAll(args);
        return new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    }

    /** Ctrl-C. */
    public static void interrupt(Process p) throws Exception {
        new ProcessBuilder("kill", "-INT", Long.toString(p.pid())).start().waitFor();
    }

    private static boolean onPath(String program) {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
            if (Files.isExecutable(Path.of(dir, program))) return true;
        }
        return false;
    }

    /** Waits until the run's history under {@code runs} holds client ops and a fault, i.e. the run is mid-way. */
    public static Path awaitHistoryWithFaults(Process p, Path runs, Path log, long timeoutMillis) throws Exception {
        long deadline = System.currentTimeMillis() + timeoutMillis;
        while (System.currentTimeMillis() < deadline && p.isAlive()) {
            if (Files.isDirectory(runs)) {
                try (Stream<Path> dirs = Files.list(runs)) {
                    List<Path> found = dirs.map(d -> d.resolve("history.jsonl")).filter(Files::exists).toList();
                    if (!found.isEmpty() && Files.readString(found.get(0)).contains("\"start-")) return found.get(0);
                }
            }
            Thread.sleep(250);
        }
        throw new AssertionError("the run did not get to its first fault; log:\n" + Files.readString(log));
    }
}
