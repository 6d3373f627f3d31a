package io.faultline.harness.cluster;

import io.faultline.harness.system.SystemUnderTest;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

/**
 * Makes sure a system's node image is there before its containers start: the system
 * names the repository script that builds it ({@link SystemUnderTest#imageScript()}),
 * and that script runs once per image tag and process. The scripts decide for
 * themselves what a rebuild costs (etcd's skips an existing image; the node's rebuilds
 * from the current jars, cached by Docker's layers), so a run always gets an image of
 * the code that started it.
 */
public final class NodeImages {
    private static final int LOG_TAIL_LINES = 20;
    /** "script tag" of the builds done in this process. */
    private static final Set<String> PREPARED = ConcurrentHashMap.newKeySet();

    private NodeImages() {}

    /**
     * Builds {@code image} with {@code system}'s script when the image is the system's own;
     * a tag given by the user ({@code --image}) is used as it is and must exist.
     */
    public static void prepare(SystemUnderTest system, String image, Consumer<String> log) {
        prepare(system, image, repositoryRoot(), log);
    }

    static void prepare(SystemUnderTest system, String image, Optional<Path> home, Consumer<String> log) {
        if (!image.equals(system.layout().image())) {
            requirePresent(image, "it was given with --image: build it first");
            return;
        }
        String key = home.map(h -> h.resolve(system.imageScript()).toString()).orElse("") + " " + image;
        if (PREPARED.contains(key)) return;
        synchronized (NodeImages.class) {
            if (PREPARED.contains(key)) return;
            if (home.isEmpty()) {
                requirePresent(image, "set FAULTLINE_HOME to the Faultline checkout to build it with "
                        + system.imageScript());
            } else {
                build(home.get().resolve(system.imageScript()), image, log);
            }
            PREPARED.add(key);
        }
    }

    /**
     * Runs the checkout's {@code script} (relative to it) with {@code argument}, its output to {@code log}, once
     * per process; ClusterException with its last lines when it fails, or when there is no checkout.
     */
    public static void runScript(String script, String argument, String what, Consumer<String> log) {
        Path home = repositoryRoot().orElseThrow(() -> new ClusterException(
                "set FAULTLINE_HOME to the Faultline checkout to make " + what + " with " + script));
        String key = home.resolve(script) + " " + argument;
        if (PREPARED.contains(key)) return;
        synchronized (NodeImages.class) {
            if (PREPARED.contains(key)) return;
            run(home.resolve(script), argument, what, log);
            PREPARED.add(key);
        }
    }

    private static void build(Path script, String image, Consumer<String> log) {
        run(script, image, "image " + image, log);
    }

    private static void run(Path script, String argument, String what, Consumer<String> log) {
        if (!Files.isRegularFile(script)) {
            throw new ClusterException("cannot build " + what + ": no script " + script);
        }
        Deque<String> tail = new ArrayDeque<>();
        int exit;
        try {
            Process p = new ProcessBuilder(argument.isEmpty() ? List.of("bash", script.toString())
                    : List.of("bash", script.toString(), argument)).redirectErrorStream(true).start();
            try (var out = p.inputReader(StandardCharsets.UTF_8)) {
                for (String line; (line = out.readLine()) != null; ) {
                    log.accept(line);
                    tail.addLast(line);
                    if (tail.size() > LOG_TAIL_LINES) tail.removeFirst();
                }
            }
            exit = p.waitFor();
        } catch (IOException e) {
            throw new ClusterException("cannot run " + script + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ClusterException("interrupted while building " + what);
        }
        if (exit != 0) {
            throw new ClusterException("building " + what + " with " + script + " failed (exit " + exit + ")"
                    + (tail.isEmpty() ? "" : ":\n  " + String.join("\n  ", tail)));
        }
    }

    private static void requirePresent(String image, String hint) {
        try {
            DockerResources.client().inspectImageCmd(image).exec();
        } catch (com.github.dockerjava.api.exception.NotFoundException e) {
            throw new ClusterException("image " + image + " not found; " + hint);
        }
    }

    /** The checkout the scripts live in: {@code FAULTLINE_HOME}, else the working directory when it is one. */
    public static Optional<Path> repositoryRoot() {
        String home = System.getenv("FAULTLINE_HOME");
        if (home != null && !home.isBlank()) return Optional.of(Path.of(home));
        Path cwd = Path.of("").toAbsolutePath();
        return Files.isDirectory(cwd.resolve("docker")) ? Optional.of(cwd) : Optional.empty();
    }
}
