package io.faultline.harness.report;

import io.faultline.checker.history.Op;
import io.faultline.harness.nemesis.Nemesis;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Did the faults bite? Per fault: the leader when it started and whether the fault reached
 * it, the leader elections during it (and a little after, when the new leader shows up),
 * the longest stretch inside it in which the cluster answered nothing, and the operations
 * that failed or went unknown meanwhile. Plus warnings for a run whose faults did not touch
 * the leader or whose term never changed: such a run says little about safety.
 */
record FaultImpact(List<PerFault> faults, List<String> warnings) {
    /** A new leader usually shows up shortly after the fault that forced the election ends. */
    static final double ELECTION_SLACK_S = 3.0;

    /**
     * @param leader        the leader when the fault started (null when the logs do not tell)
     * @param reachedLeader the fault named the leader (killed, paused, or cut off from the majority)
     * @param elections     terms in which a node became leader during the fault (plus slack)
     * @param longestGapS   longest time inside the fault with no answered operation
     */
    record PerFault(Nemesis.Injected fault, String leader, boolean reachedLeader, int elections,
                    double longestGapS, int failed, int unknown, int answered) {
        Map<String, Object> toJson() {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("leader-at-start", leader);
            m.put("reached-leader", reachedLeader);
            m.put("leader-elections", elections);
            m.put("longest-unavailable-s", Math.round(longestGapS * 1000) / 1000.0);
            m.put("answered", answered);
            m.put("failed", failed);
            m.put("unknown", unknown);
            return m;
        }
    }

    Map<String, Object> toJson() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("warnings", warnings);
        m.put("faults", faults.stream().map(p -> {
            Map<String, Object> f = new LinkedHashMap<>();
            f.put("kind", p.fault().kind());
            f.put("description", p.fault().description());
            f.putAll(p.toJson());
            return f;
        }).toList());
        return m;
    }

    static FaultImpact of(List<Nemesis.Injected> faults, List<Op> ops, NodeLanes lanes) {
        List<RunSeries.Done> done = RunSeries.pair(ops);
        double end = 0;
        for (Op op : ops) if (op.time() != null) end = Math.max(end, op.time() / 1e9);
        List<Double> answers = new ArrayList<>();
        for (RunSeries.Done d : done) if (d.answered()) answers.add(d.completed());
        answers.sort(null);
        List<PerFault> out = new ArrayList<>();
        for (Nemesis.Injected f : faults) {
            double s = f.startNanos() / 1e9;
            double e = f.ongoing() ? end : f.endNanos() / 1e9;
            String leader = lanes.isEmpty() ? null : lanes.leaderAt(s);
            boolean reached = leader != null && f.effects().containsKey(NodeLanes.number(leader));
            int failed = 0;
            int unknown = 0;
            int answered = 0;
            for (RunSeries.Done d : done) {
                if (Double.isNaN(d.completed()) || d.completed() < s || d.completed() > e) continue;
                if (d.answered()) answered++;
                else if (d.type() == Op.Type.INFO) unknown++;
                else failed++;
            }
            out.add(new PerFault(f, leader, reached, lanes.elections(s, e + ELECTION_SLACK_S),
                    longestGap(answers, s, e), failed, unknown, answered));
        }
        List<String> warnings = new ArrayList<>();
        // A fault may reach the leader without naming it ("crash-all: power loss on every node"); an
        // election during a fault is the proof that counts.
        if (!faults.isEmpty() && !lanes.isEmpty() && out.stream().noneMatch(p -> p.reachedLeader() || p.elections() > 0)) {
            warnings.add("No fault reached the leader: every fault hit a follower (or a majority that kept its "
                    + "leader), so no election was forced. Use partition-leader, or kill/pause with more faults.");
        }
        if (lanes.statesTerms() && lanes.termAt(end) == lanes.termAt(0)) {
            warnings.add("The term never changed during the workload (term " + lanes.termAt(0)
                    + " throughout): no leader change was exercised.");
        } else if (!lanes.isEmpty() && !lanes.statesTerms() && lanes.leaderChanges(Double.NEGATIVE_INFINITY, end) <= 1) {
            // The system's logs state roles but no term: a leader change is a second node (or the
            // same one again, after it stepped down) becoming leader.
            warnings.add("No leader change was logged during the workload (the system's logs state no term): "
                    + "no leader change was exercised.");
        }
        if (!faults.isEmpty() && done.stream().noneMatch(d -> d.type() == Op.Type.INFO)) {
            warnings.add("No operation had an unknown (info) outcome: the faults never left a write in doubt.");
        }
        return new FaultImpact(out, warnings);
    }

    /** Longest stretch of [s, e] containing no answer time. */
    static double longestGap(List<Double> sortedAnswers, double s, double e) {
        double longest = 0;
        double prev = s;
        for (double t : sortedAnswers) {
            if (t < s) continue;
            if (t > e) break;
            longest = Math.max(longest, t - prev);
            prev = t;
        }
        return Math.max(longest, e - prev);
    }
}
