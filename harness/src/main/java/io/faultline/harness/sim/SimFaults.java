package io.faultline.harness.sim;

import io.faultline.harness.nemesis.Connectivity;
import io.faultline.harness.nemesis.FaultTarget;
import io.faultline.harness.nemesis.RunClock;
import io.faultline.harness.system.NodeStatus;
import io.faultline.kv.config.MemberNumbers;
import io.faultline.sim.SimCluster;
import io.faultline.sim.SimNetwork;
import io.faultline.sim.SimNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.function.BooleanSupplier;

/**
 * The fault actuator of a simulated cluster: what the Docker environment does to containers
 * and links (SIGKILL, SIGSTOP, iptables), done to simulated nodes and links, and its clock is
 * virtual: a fault package that waits runs the simulation meanwhile. So the same fault
 * packages, schedule and nemesis run in {@code sim} as in {@code run}.
 */
public final class SimFaults implements FaultTarget {
    private final SimCluster cluster;
    /** The links as the run set them up; loss is drawn on top of it, and healing returns to it. */
    private final SimNetwork.Profile base;
    private final RunClock clock;

    /**
     * @param wake ends a wait early when it turns true (checked after each event): the workload's end,
     *             where the nemesis stops; a wait that starts after it runs its full time
     */
    SimFaults(SimCluster cluster, BooleanSupplier wake) {
        this.cluster = cluster;
        this.base = cluster.network().profile();
        var scheduler = cluster.scheduler();
        this.clock = new RunClock() {
            public long nanoTime() {
                return scheduler.now();
            }

            /** Runs the simulation until then, or until {@code wake} turns true meanwhile (not if it already was). */
            public void await(Object monitor, long until) {
                if (wake.getAsBoolean()) {
                    scheduler.runUntil(until);
                } else {
                    scheduler.runUntil(until, wake);
                }
            }
        };
    }

    @Override
    public List<Integer> nodes() {
        List<Integer> ids = new ArrayList<>();
        for (long id : cluster.ids()) ids.add((int) id);
        return ids;
    }

    @Override
    public Optional<Integer> leader() {
        long leader = cluster.leader();
        return leader == 0 ? Optional.empty() : Optional.of((int) leader);
    }

    /** A process kill: the node's unsynced writes survive in the page cache, as under Docker. */
    @Override
    public void kill(int node) {
        SimNode n = cluster.node(node);
        n.kill("killed (SIGKILL)");
    }

    @Override
    public void restart(int node) {
        SimNode n = cluster.node(node);
        if (!n.up()) n.start();
    }

    @Override
    public void pause(int node) {
        cluster.node(node).pause();
    }

    @Override
    public void resume(int node) {
        cluster.node(node).resume();
    }

    @Override
    public void partition(Connectivity graph) {
        cluster.network().healAll();
        for (int[] pair : graph.cutPairs()) {
            long a = cluster.node(pair[0]).id();
            long b = cluster.node(pair[1]).id();
            cluster.network().cut(a, b, true);
            cluster.network().cut(b, a, true);
        }
    }

    /** The links now: the base profile with the loss and the delay in effect, each kept when the other changes. */
    private SimNetwork.Profile links;

    @Override
    public void loss(double probability) {
        SimNetwork.Profile now = linksNow();
        links = new SimNetwork.Profile(now.minLatencyNanos(), now.maxLatencyNanos(), probability, now.duplicate(),
                now.reorder(), now.streamReset(), now.queueCapacity());
        cluster.network().profile(links);
    }

    /** The network's latency for every message between nodes; the seed is the simulation's own. */
    @Override
    public void delayLinks(int delayMillis, int jitterMillis, long seed) {
        SimNetwork.Profile now = linksNow();
        links = new SimNetwork.Profile(delayMillis * 1_000_000L, (delayMillis + jitterMillis) * 1_000_000L, now.drop(),
                now.duplicate(), now.reorder(), now.streamReset(), now.queueCapacity());
        cluster.network().profile(links);
    }

    /** Each message sent between nodes also delivered twice with {@code probability}; the seed is the simulation's own. */
    @Override
    public String duplicateLinks(double probability, long seed) {
        String said = duplicatedSince();
        SimNetwork.Profile now = linksNow();
        links = new SimNetwork.Profile(now.minLatencyNanos(), now.maxLatencyNanos(), now.drop(), probability,
                now.reorder(), now.streamReset(), now.queueCapacity());
        cluster.network().profile(links);
        return said;
    }

    /** The network's duplicates and deliveries when the duplication was last set. */
    private long duplicatedAtSet;
    private long deliveredAtSet;

    private String duplicatedSince() {
        long dup = cluster.network().duplicated() - duplicatedAtSet;
        long delivered = cluster.network().delivered() - deliveredAtSet;
        duplicatedAtSet = cluster.network().duplicated();
        deliveredAtSet = cluster.network().delivered();
        return dup + " messages sent twice, " + delivered + " delivered, since the last setting ("
                + linksNow().duplicate() + ")";
    }

    /** One node's simulated clock, which its ticker and deadlines read. */
    @Override
    public void clockRate(int node, double rate) {
        cluster.node(node).tickRate(rate);
    }

    private SimNetwork.Profile linksNow() {
        return links == null ? base : links;
    }

    @Override
    public void healNetwork() {
        cluster.network().healAll();
        links = null;
        cluster.network().profile(base);
    }

    /** A node that is down or stopped does not answer, as a container's would not. */
    @Override
    public List<NodeStatus> statuses() {
        List<NodeStatus> out = new ArrayList<>();
        for (SimNode n : cluster.nodes()) {
            int place = MemberNumbers.place(n.id());
            var s = n.up() && !n.paused() ? n.status() : null;
            out.add(s == null ? NodeStatus.noAnswer(place, n.up() ? "stopped" : "down")
                    : NodeStatus.of(place, new NodeStatus.State(s.getRole(), s.getTerm(), MemberNumbers.place(s.getLeaderId()),
                            s.getCommitIndex(), s.getAppliedIndex(), s.getLastIndex())));
        }
        return out;
    }

    @Override
    public boolean running(int node) {
        return cluster.node(node).up();
    }

    @Override
    public void armCrashPoint(int node, String point, long commitIndex) {
        cluster.node(node).armCrashPoint(point, commitIndex);
    }

    @Override
    public void transferLeader(int leader, int to) {
        CompletableFuture<Long> done = cluster.node(leader).transferLeader(cluster.node(to).id());
        cluster.scheduler().runUntil(cluster.scheduler().now() + 10_000_000_000L, done::isDone);
        if (!done.isDone()) throw new IllegalStateException("n" + to + " did not take over within 10 simulated s");
        if (done.isCompletedExceptionally()) {
            throw new IllegalStateException("n" + leader + " refused the transfer: " + done.handle((v, e) -> String.valueOf(e)).join());
        }
    }

    /** The disk loses its unsynced batches: all, or a random prefix of them survives (the simulator's seed draws it). */
    @Override
    public String powerOff(int node, java.util.OptionalLong suffixSeed) {
        int lost = cluster.node(node).crash("power loss", suffixSeed.isEmpty());
        return "lost " + lost + " unsynced disk batches";
    }

    /** The simulated disk holds records, not files: {@code sim} refuses the corruption fault before it runs. */
    @Override
    public List<io.faultline.harness.nemesis.DataFile> dataFiles(int node) {
        throw new UnsupportedOperationException(CORRUPTION_NOT_SIMULATED);
    }

    @Override
    public String damage(int node, io.faultline.harness.nemesis.Damage damage) {
        throw new UnsupportedOperationException(CORRUPTION_NOT_SIMULATED);
    }

    /** Why {@code sim} refuses {@code corrupt}. */
    public static final String CORRUPTION_NOT_SIMULATED = "corrupt is not simulated: the simulator's disk holds "
            + "records, not files whose bytes could be flipped; run it under Docker (faultline run)";

    @Override
    public List<Integer> removeMember(int node) {
        long member = cluster.node(node).id();
        return onLeader("remove n" + node, leader -> cluster.node(leader).removeMember(member), v -> !v.contains(member));
    }

    /**
     * The old node crashes and a fresh one (new member number, empty disk, {@code --join})
     * takes its place; it is added first and started then, in the order Docker's must follow
     * for etcd (a member starts only once the cluster knows it).
     */
    @Override
    public List<Integer> addFreshMember(int node) {
        SimNode fresh = cluster.replaceNode(node);
        List<Integer> members = onLeader("add n" + node, leader -> cluster.addMemberAt(leader, node),
                v -> v.contains(fresh.id()));
        fresh.start();
        return members;
    }

    /**
     * Runs a membership call on the leader, as the Docker session does: again (on whichever
     * node leads then) until one is answered, for up to 20 simulated seconds; before asking
     * again, whether a call whose answer was lost took effect ({@code done} on the leader's voters).
     */
    private List<Integer> onLeader(String what, java.util.function.IntFunction<CompletableFuture<List<Long>>> call,
            java.util.function.Predicate<List<Long>> done) {
        var scheduler = cluster.scheduler();
        long deadline = scheduler.now() + 20_000_000_000L;
        String last = "no leader";
        boolean asked = false;
        while (scheduler.now() < deadline) {
            int leader = (int) cluster.leader();
            if (leader == 0) {
                scheduler.runUntil(scheduler.now() + 100_000_000L);
                continue;
            }
            var status = cluster.node(leader).status();
            if (asked && status != null && done.test(status.getVotersList())) return places(status.getVotersList());
            asked = true;
            CompletableFuture<List<Long>> answer = call.apply(leader);
            scheduler.runUntil(Math.min(deadline, scheduler.now() + 5_000_000_000L), answer::isDone);
            if (answer.isDone() && !answer.isCompletedExceptionally()) return places(answer.join());
            last = answer.isDone() ? answer.handle((v, e) -> String.valueOf(e)).join() : "no answer from n" + leader;
            scheduler.runUntil(scheduler.now() + 200_000_000L);
        }
        throw new IllegalStateException(what + " failed: " + last);
    }

    private static List<Integer> places(List<Long> members) {
        return members.stream().map(MemberNumbers::place).sorted().toList();
    }

    @Override
    public RunClock clock() {
        return clock;
    }
}
