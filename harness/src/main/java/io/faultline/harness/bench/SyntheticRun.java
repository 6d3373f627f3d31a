package io.faultline.harness.bench;

import io.faultline.checker.bench.HistoryGenerator;
import io.faultline.checker.history.Op;
import io.faultline.harness.nemesis.Effect;
import io.faultline.harness.nemesis.Nemesis;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A run's history without a cluster, shaped like a long chaos run for the report bench: the
 * checker's generator gives a linearizable kv history (50 clients, 100 keys, get 40 %, put 30 %,
 * cas 20 %, delete 10 %, 2 % unknown outcomes), stretched over {@code seconds} of run time; every completion
 * names the node that answered (worker w talks to node 1 + w % 3, as a run assigns them);
 * a partition cuts the leader off every 15 s for 5 s, and the leader moves to the next
 * node each time (the node logs say so); and one read in the middle of the run returns the
 * value a write had already overwritten, so the report has a failure story to tell.
 *
 * @param ops    the history, in time order, nemesis ops included
 * @param faults the partitions as the nemesis would have recorded them
 * @param logs   node name to the lines of its log, stamped relative to {@link #ZERO}
 */
public record SyntheticRun(List<Op> ops, List<Nemesis.Injected> faults, Map<String, List<String>> logs) {
    /** Wall-clock time of run second 0, for the node logs. */
    public static final Instant ZERO = Instant.parse("2026-11-30T00:00:00Z");
    public static final int CLIENTS = 50;
    public static final int KEYS = 100;
    private static final int NODES = 3;
    private static final long FAULT_EVERY_S = 15;
    private static final long FAULT_FOR_S = 5;

    public static SyntheticRun generate(int operations, double seconds, long seed) {
        List<Op> client = HistoryGenerator.generate(new HistoryGenerator.Spec("kv", CLIENTS, KEYS, operations, 2, 0, seed));
        long last = client.isEmpty() ? 1 : client.get(client.size() - 1).time();
        double scale = seconds * 1e9 / last;
        List<Op> ops = new ArrayList<>(client.size() + 64);
        for (Op o : client) {
            Map<String, Object> extra = o.type() == Op.Type.INVOKE ? Map.of() : Map.of(Op.NODE, "n" + (1 + o.process() % NODES));
            ops.add(new Op(o.index(), o.process(), o.type(), o.f(), o.key(), o.value(), Math.round(o.time() * scale),
                    o.error(), extra));
        }
        staleRead(ops);
        List<Nemesis.Injected> faults = new ArrayList<>();
        Map<String, List<String>> logs = new LinkedHashMap<>();
        for (int n = 1; n <= NODES; n++) logs.put("n" + n, new ArrayList<>());
        int leader = 1;
        long term = 1;
        roles(logs, 0.001, leader, term);
        for (long s = FAULT_EVERY_S; s + FAULT_FOR_S < seconds; s += FAULT_EVERY_S) {
            String what = "partition leader [n" + leader + "] | " + others(leader);
            long start = s * 1_000_000_000L;
            long end = (s + FAULT_FOR_S) * 1_000_000_000L;
            faults.add(new Nemesis.Injected("partition", what, start, end, null, Map.of(leader, Effect.CUT_OFF)));
            ops.add(new Op(0, Op.NEMESIS, Op.Type.INFO, "start-partition", null, what, start, null, Map.of("fault", "partition")));
            ops.add(new Op(0, Op.NEMESIS, Op.Type.INFO, "stop-partition", null, what, end, null, Map.of("fault", "partition")));
            leader = 1 + leader % NODES;
            roles(logs, s + 1.2, leader, ++term);
        }
        ops.sort(Comparator.comparingLong(Op::time));
        List<Op> numbered = new ArrayList<>(ops.size());
        for (Op o : ops) numbered.add(o.withIndex(numbered.size()));
        return new SyntheticRun(numbered, faults, logs);
    }

    private static String others(int leader) {
        List<String> rest = new ArrayList<>();
        for (int n = 1; n <= NODES; n++) if (n != leader) rest.add("n" + n);
        return "[" + String.join(" ", rest) + "]";
    }

    /** Every node logs its role in the new term, as the node does ({@code <instant> n2 t5 leader    became leader}). */
    private static void roles(Map<String, List<String>> logs, double atS, int leader, long term) {
        String at = ZERO.plusNanos(Math.round(atS * 1e9)).toString();
        for (int n = 1; n <= NODES; n++) {
            String role = n == leader ? "leader" : "follower";
            logs.get("n" + n).add(String.format("%s n%d t%d %-9s %s", at, n, term, role,
                    n == leader ? "became leader" : "became follower (leader n" + leader + ")"));
        }
    }

    /**
     * Makes the first ok get after the middle of the run that follows two acknowledged puts of
     * its key return the older one's value: that value was overwritten before the read began.
     */
    private static void staleRead(List<Op> ops) {
        Map<Long, Op> invoked = new HashMap<>();
        Map<Object, Op[]> lastTwoPuts = new HashMap<>();
        long middle = ops.get(ops.size() - 1).time() / 2;
        for (int i = 0; i < ops.size(); i++) {
            Op o = ops.get(i);
            if (o.type() == Op.Type.INVOKE) {
                invoked.put(o.process(), o);
                continue;
            }
            Op inv = invoked.remove(o.process());
            if (o.type() != Op.Type.OK || inv == null) continue;
            if (o.f().equals("put")) {
                Op[] two = lastTwoPuts.computeIfAbsent(o.key(), k -> new Op[2]);
                // Only a put invoked after the previous one completed surely overwrote it.
                if (two[1] == null || inv.time() > two[1].time()) {
                    two[0] = two[1];
                    two[1] = o;
                }
            } else if (o.f().equals("get") && o.time() > middle) {
                Op[] two = lastTwoPuts.get(o.key());
                if (two != null && two[0] != null && two[1].time() < inv.time()) {
                    ops.set(i, new Op(o.index(), o.process(), o.type(), o.f(), o.key(), two[0].value(), o.time(),
                            o.error(), o.extra()));
                    return;
                }
            }
        }
    }
}
