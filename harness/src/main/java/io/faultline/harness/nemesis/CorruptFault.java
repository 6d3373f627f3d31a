package io.faultline.harness.nemesis;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.function.Consumer;

/**
 * File corruption of a minority: each chosen node is killed, one of its data files is damaged
 * (a few bits flipped, or the file truncated) and it is restarted when the fault ends; how it
 * took that (serving again, its process gone: refused to start or crashed, or up but silent)
 * is recorded with the stop op. Which file, which offsets and bytes are drawn from the seed
 * and the files the node has then, and written to the nemesis log, so a rerun that finds the
 * same files repeats it. Whether the node then served wrong data is the checker's to say.
 *
 * @param nodes the minority, in the seeded order
 * @param seed  draws the files, offsets and masks
 * @param truncate truncation rather than bit flips
 */
public record CorruptFault(List<Integer> nodes, long seed, boolean truncate) implements Fault {
    public static final FaultPackage PACKAGE = new FaultPackage("corrupt",
            "kill a minority, flip bits in or truncate one data file of each (seeded, logged), restart them later "
                    + "and record how each reacted",
            d -> new CorruptFault(d.order().subList(0, 1 + d.rnd().nextInt(Math.max(1, (d.nodes().size() - 1) / 2))),
                    d.rnd().nextLong(), d.rnd().nextInt(3) == 0));

    private static final int MAX_FLIPS = 4;
    private static final long REACTION_WAIT_MS = 15_000;
    private static final long EXIT_WAIT_MS = 20_000;

    /** The start op's field with what was done to each node's files. */
    public static final String DAMAGE = "damage";

    public CorruptFault {
        nodes = List.copyOf(nodes);
    }

    public String kind() {
        return PACKAGE.name();
    }

    public String describe() {
        return (truncate ? "truncate" : "flip bits in") + " a data file of " + CrashPointFault.names(nodes)
                + " (seed " + seed + ")";
    }

    /**
     * What to do to a node whose data files (those its system declares, {@link FaultTarget#dataFiles})
     * are {@code files}; empty when none has a byte.
     */
    public static List<Damage> draw(List<DataFile> files, SplittableRandom rnd, boolean truncate) {
        List<DataFile> data = files.stream().filter(f -> f.size() > 0).toList();
        if (data.isEmpty()) return List.of();
        DataFile f = data.get(rnd.nextInt(data.size()));
        if (truncate) return List.of(new Damage.Truncate(f.path(), rnd.nextLong(f.size()), f.size()));
        List<Damage> flips = new ArrayList<>();
        int n = 1 + rnd.nextInt(MAX_FLIPS);
        for (int i = 0; i < n; i++) flips.add(new Damage.BitFlip(f.path(), rnd.nextLong(f.size()), 1 << rnd.nextInt(8)));
        return flips;
    }

    public Struck start(FaultTarget cluster, int leader, Consumer<String> log) throws InterruptedException {
        Map<String, Object> damaged = new LinkedHashMap<>();
        for (int n : nodes) cluster.kill(n);
        for (int n : nodes) {
            awaitExit(cluster, n); // a write the dying process had under way must not land after the damage
            List<Damage> plan = draw(cluster.dataFiles(n), new SplittableRandom(seed ^ n), truncate);
            if (plan.isEmpty()) log.accept("corrupt n" + n + ": no data files");
            List<String> done = new ArrayList<>();
            for (Damage d : plan) {
                String what = cluster.damage(n, d);
                done.add(what);
                log.accept("corrupt n" + n + ": " + d.describe() + " (" + what + ")");
            }
            damaged.put("n" + n, done);
        }
        return new Struck("corrupt " + CrashPointFault.names(nodes) + " (" + (truncate ? "truncated" : "bits flipped")
                + ", seed " + seed + ")", Struck.all(nodes, Effect.DOWN), Map.of(DAMAGE, damaged));
    }

    private static void awaitExit(FaultTarget cluster, int node) throws InterruptedException {
        RunClock clock = cluster.clock();
        long until = clock.nanoTime() + EXIT_WAIT_MS * 1_000_000;
        while (cluster.running(node)) {
            if (clock.nanoTime() >= until) throw new IllegalStateException("n" + node + " still runs after SIGKILL");
            clock.sleep(50);
        }
    }

    /** Restarts the nodes and waits (bounded) to see whether each serves again. */
    public Struck stop(FaultTarget cluster, Struck started, Consumer<String> log) {
        started.effects().keySet().forEach(cluster::restart);
        Map<String, Object> reactions = new LinkedHashMap<>();
        try {
            for (int n : started.effects().keySet()) {
                String r = reaction(cluster, n);
                reactions.put("n" + n, r);
                log.accept("after corruption n" + n + " " + r);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return started.plus(Map.of(), Map.of("reaction", reactions));
    }

    private static String reaction(FaultTarget cluster, int node) throws InterruptedException {
        RunClock clock = cluster.clock();
        long until = clock.nanoTime() + REACTION_WAIT_MS * 1_000_000;
        while (true) {
            if (!cluster.running(node)) return "exited (refused to start or crashed)";
            Optional<String> serving = cluster.statuses().stream().filter(s -> s.id() == node && s.answered())
                    .findFirst().map(s -> "serves again (" + s.state().role() + ", term " + s.state().term() + ")");
            if (serving.isPresent()) return serving.get();
            if (clock.nanoTime() >= until) return "runs but does not answer after " + REACTION_WAIT_MS / 1000 + " s";
            clock.sleep(250);
        }
    }
}
