package io.faultline.sim;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.Consumer;

/**
 * Injects random faults into a {@link SimCluster} from the run's seed and heals each
 * after a random while; every action is logged with its virtual time. A crashed node
 * restarts after a pause, with what its disk kept.
 */
public final class SimNemesis {
    private final SimCluster cluster;
    private final FaultProfile profile;
    private final SplittableRandom random;
    private final Consumer<String> log;
    private boolean stopped;
    private int injected;

    public SimNemesis(SimCluster cluster, FaultProfile profile, Consumer<String> log) {
        this.cluster = cluster;
        this.profile = profile;
        this.random = cluster.scheduler().random();
        this.log = log;
    }

    public void start() {
        if (profile.faults().isEmpty()) return; // nothing of its own to inject, nor to restart
        next();
        watchArmedCrashes();
    }

    /** No new faults; heal everything and restart every node. */
    public void stopAndHeal() {
        stopped = true;
        cluster.network().healAll();
        cluster.network().profile(calm(cluster.network().profile()));
        for (SimNode n : cluster.nodes()) {
            n.disarm();
            n.resume();
            n.tickRate(1);
            if (!n.up()) restart(n);
        }
        say("heal: all links restored, every node up and running, clocks at 1x");
    }

    public int injected() {
        return injected;
    }

    private void next() {
        long gap = (long) (-Math.log(1 - random.nextDouble()) * profile.meanGapMs() * 1_000_000L);
        cluster.scheduler().after(gap, () -> {
            if (stopped) return;
            inject(profile.faults().get(random.nextInt(profile.faults().size())));
            next();
        });
    }

    private void inject(FaultProfile.Kind kind) {
        injected++;
        List<SimNode> nodes = cluster.nodes();
        SimNode any = nodes.get(random.nextInt(nodes.size()));
        long leaderId = cluster.leader();
        SimNode leader = leaderId == 0 ? any : cluster.node(leaderId);
        switch (kind) {
            case CRASH -> crash(any, "crash");
            case CRASH_LEADER -> crash(leader, "crash the leader");
            case CRASH_ALL -> {
                say("crash-all: power loss on every node");
                for (SimNode n : nodes) {
                    if (n.up()) n.crash("power loss of the whole cluster", true);
                }
                for (SimNode n : nodes) restartLater(n);
            }
            case CRASH_STEP -> {
                SimNode.CrashStep[] steps = SimNode.CrashStep.values();
                arm(any, steps[random.nextInt(steps.length)]);
            }
            case CRASH_AFTER_VOTE -> arm(any, SimNode.CrashStep.AFTER_VOTE_GRANT);
            case CRASH_AFTER_COMMIT -> arm(leader, SimNode.CrashStep.AFTER_COMMIT);
            case ISOLATE -> isolate(any, "isolate");
            case ISOLATE_LEADER -> isolate(leader, "isolate the leader");
            case PARTITION -> {
                List<Long> side = new ArrayList<>();
                for (SimNode n : nodes) if (random.nextBoolean()) side.add(n.id());
                if (side.isEmpty() || side.size() == nodes.size()) side = List.of(any.id());
                List<Long> a = side;
                List<Long> b = new ArrayList<>(cluster.ids());
                b.removeAll(a);
                say("partition " + a + " | " + b);
                for (long x : a) for (long y : b) {
                    cluster.network().cut(x, y, true);
                    cluster.network().cut(y, x, true);
                }
                healLater(() -> {
                    for (long x : a) for (long y : b) {
                        cluster.network().cut(x, y, false);
                        cluster.network().cut(y, x, false);
                    }
                }, "heal partition " + a + " | " + b);
            }
            case ONE_WAY -> {
                long from = any.id();
                List<Long> others = new ArrayList<>(cluster.ids());
                others.remove(from);
                long to = others.get(random.nextInt(others.size()));
                say("cut one way n" + from + " -> n" + to);
                cluster.network().cut(from, to, true);
                healLater(() -> cluster.network().cut(from, to, false), "heal one way n" + from + " -> n" + to);
            }
            case PAUSE -> pause(any, "pause");
            case PAUSE_LEADER -> pause(leader, "pause the leader");
            case CLOCK_SKEW -> skew(any);
            case FLAKY_NETWORK -> {
                SimNetwork.Profile before = cluster.network().profile();
                SimNetwork.Profile flaky = new SimNetwork.Profile(before.minLatencyNanos(), 50_000_000L, 0.2, 0.1, 0.3,
                        0.01, before.queueCapacity());
                say("flaky network: drop 0.2, duplicate 0.1, reorder 0.3, latency up to 50 ms");
                cluster.network().profile(flaky);
                healLater(() -> cluster.network().profile(before), "network calm again");
            }
        }
    }

    private void arm(SimNode node, SimNode.CrashStep step) {
        if (!node.up()) return;
        say("arm crash of n" + node.id() + " at its next step " + step.name().toLowerCase(java.util.Locale.ROOT).replace('_', '-'));
        node.arm(step);
    }

    private void crash(SimNode node, String what) {
        if (!node.up()) return;
        say(what + " n" + node.id());
        node.crash(what, false);
        restartLater(node);
    }

    private void isolate(SimNode node, String what) {
        long id = node.id();
        say(what + " n" + id);
        for (long other : cluster.ids()) {
            if (other == id) continue;
            cluster.network().cut(id, other, true);
            cluster.network().cut(other, id, true);
        }
        healLater(() -> {
            for (long other : cluster.ids()) {
                if (other == id) continue;
                cluster.network().cut(id, other, false);
                cluster.network().cut(other, id, false);
            }
        }, "heal isolation of n" + id);
    }

    private void pause(SimNode node, String what) {
        if (!node.up() || node.paused()) return;
        say(what + " n" + node.id() + " (SIGSTOP)");
        node.pause();
        // Up to twice the keepalive timeout: some pauses outlive the peers' streams to it, some do not.
        healLater(random.nextLong(100_000_000L, 2 * SimNetwork.KEEPALIVE_TIMEOUT_NANOS), () -> node.resume(),
                "resume n" + node.id() + " (SIGCONT)");
    }

    private void skew(SimNode node) {
        // Log-uniform in [1/4, 4]: as likely to run slow as fast.
        double rate = Math.pow(4, random.nextDouble(-1, 1));
        say(String.format(java.util.Locale.ROOT, "clock of n%d runs at %.2fx", node.id(), rate));
        node.tickRate(rate);
        healLater(() -> node.tickRate(1), "clock of n" + node.id() + " at 1x again");
    }

    private void healLater(Runnable heal, String what) {
        healLater(random.nextLong(300_000_000L, 4_000_000_000L), heal, what);
    }

    private void healLater(long after, Runnable heal, String what) {
        cluster.scheduler().after(after, () -> {
            if (stopped) return;
            heal.run();
            say(what);
        });
    }

    private void restartLater(SimNode node) {
        node.restartPending(true);
        cluster.scheduler().after(random.nextLong(100_000_000L, 3_000_000_000L), () -> {
            if (!stopped && !node.up()) restart(node);
        });
    }

    private void restart(SimNode node) {
        node.start();
        say("restart n" + node.id());
    }

    /** Nodes that crashed at an armed step restart like any other. */
    private void watchArmedCrashes() {
        cluster.scheduler().after(100_000_000L, () -> {
            if (stopped) return;
            for (SimNode n : cluster.nodes()) {
                if (!n.up() && !n.restartPending()) {
                    say("n" + n.id() + " crashed: " + n.lastCrash());
                    restartLater(n);
                }
            }
            watchArmedCrashes();
        });
    }

    private static SimNetwork.Profile calm(SimNetwork.Profile p) {
        return new SimNetwork.Profile(p.minLatencyNanos(), Math.min(p.maxLatencyNanos(), 5_000_000L), 0, 0, 0, 0,
                p.queueCapacity());
    }

    private void say(String what) {
        log.accept(String.format(java.util.Locale.ROOT, "%10.3f s  %s", cluster.scheduler().now() / 1e9, what));
    }
}
