package io.faultline.harness.report;

import io.faultline.harness.nemesis.Effect;
import io.faultline.harness.nemesis.Nemesis;
import io.faultline.harness.system.NodeLogFormat;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Each node's role over the run, in run seconds: the role and term its log lines state
 * (a role lasts until a line says otherwise), killed or paused while a fault says so, and
 * the intervals it was cut off from the majority by a partition. Also the role changes
 * themselves, to count leader elections.
 */
record NodeLanes(Map<String, List<Segment>> segments, Map<String, List<double[]>> cutOff, List<Change> changes) {
    /** One stretch of a node's lane; term is -1 when unknown (killed, paused, before its first line). */
    record Segment(double start, double end, String role, long term) {}

    /** A logged change of role or term. */
    record Change(double seconds, String node, String role, long term) {}

    static NodeLanes empty() {
        return new NodeLanes(Map.of(), Map.of(), List.of());
    }

    /** No node logs (or no history zero) gives empty lanes. */
    static NodeLanes fromLogs(ReportWriter.RunFiles run, List<Nemesis.Injected> faults, double end) {
        Path nodesDir = run.nodesDir();
        Instant historyZero = run.historyZero();
        if (historyZero == null || nodesDir == null || !Files.isDirectory(nodesDir)) return empty();
        Map<String, List<Change>> byNode = new TreeMap<>((a, b) -> Integer.compare(number(a), number(b)));
        try (var files = Files.list(nodesDir)) {
            for (Path f : files.filter(p -> p.getFileName().toString().matches("n\\d+\\.log")).toList()) {
                String node = f.getFileName().toString().replace(".log", "");
                byNode.put(node, changes(f, node, historyZero, run.logFormat()));
            }
        } catch (IOException e) {
            return empty();
        }
        return of(byNode, faults, end);
    }

    static NodeLanes of(Map<String, List<Change>> byNode, List<Nemesis.Injected> faults, double end) {
        Map<String, List<Segment>> segments = new LinkedHashMap<>();
        Map<String, List<double[]>> cut = new LinkedHashMap<>();
        List<Change> all = new ArrayList<>();
        for (var e : byNode.entrySet()) {
            String node = e.getKey();
            List<Change> changes = e.getValue();
            all.addAll(changes);
            List<double[]> killed = new ArrayList<>();
            List<double[]> paused = new ArrayList<>();
            List<double[]> cutOff = new ArrayList<>();
            List<double[]> removed = new ArrayList<>();
            for (Nemesis.Injected f : faults) {
                double s = f.startNanos() / 1e9;
                double t = f.ongoing() ? end : f.endNanos() / 1e9;
                Effect effect = f.effects().get(number(node));
                if (effect == null) continue;
                switch (effect) {
                    case DOWN -> killed.add(new double[] {s, t});
                    case PAUSED -> paused.add(new double[] {s, t});
                    case CUT_OFF -> cutOff.add(new double[] {s, t});
                    case REMOVED -> removed.add(new double[] {s, t});
                    case LINKS_CUT, CLOCK_SKEWED -> { }
                }
            }
            TreeSet<Double> cuts = new TreeSet<>();
            cuts.add(changes.isEmpty() ? 0 : changes.get(0).seconds()); // no role is drawn before the first line
            cuts.add(end);
            changes.forEach(c -> cuts.add(c.seconds()));
            for (double[] iv : killed) { cuts.add(iv[0]); cuts.add(iv[1]); }
            for (double[] iv : paused) { cuts.add(iv[0]); cuts.add(iv[1]); }
            for (double[] iv : removed) { cuts.add(iv[0]); cuts.add(iv[1]); }
            List<Segment> segs = new ArrayList<>();
            Double prev = null;
            for (double t : cuts) {
                if (t > end) break;
                if (prev != null && t > prev) {
                    double mid = (prev + t) / 2;
                    Segment s = state(mid, changes, killed, paused, removed, prev, t);
                    Segment last = segs.isEmpty() ? null : segs.get(segs.size() - 1);
                    if (last != null && last.role().equals(s.role()) && last.term() == s.term()) {
                        segs.set(segs.size() - 1, new Segment(last.start(), t, s.role(), s.term()));
                    } else {
                        segs.add(s);
                    }
                }
                prev = t;
            }
            segments.put(node, segs);
            cut.put(node, cutOff);
        }
        all.sort((a, b) -> Double.compare(a.seconds(), b.seconds()));
        return new NodeLanes(segments, cut, all);
    }

    private static Segment state(double at, List<Change> changes, List<double[]> killed, List<double[]> paused,
                                 List<double[]> removed, double from, double to) {
        if (inside(at, killed)) return new Segment(from, to, "killed", -1);
        if (inside(at, paused)) return new Segment(from, to, "paused", -1);
        // Out of the configuration: whatever the process says of itself, it is no member.
        if (inside(at, removed)) return new Segment(from, to, "removed", -1);
        Change last = null;
        for (Change c : changes) {
            if (c.seconds() > at) break;
            last = c;
        }
        return last == null ? new Segment(from, to, "unknown", -1) : new Segment(from, to, last.role(), last.term());
    }

    private static boolean inside(double t, List<double[]> ivs) {
        for (double[] iv : ivs) if (iv[0] <= t && t < iv[1]) return true;
        return false;
    }

    /**
     * The leader at a moment, as the nodes logged it: the node whose latest logged change at
     * or before {@code t} made it leader, highest term first (of a system whose logs state no
     * term, the latest to become leader). Kills and pauses drawn over the lanes do not hide
     * it, so a fault that strikes the leader finds it leading at its start.
     */
    String leaderAt(double t) {
        Map<String, Change> latest = new LinkedHashMap<>();
        for (Change c : changes) {
            if (c.seconds() > t) break;
            latest.put(c.node(), c);
        }
        Change best = null;
        for (Change c : latest.values()) {
            if (c.role().equals("leader") && (best == null || c.term() > best.term()
                    || c.term() == best.term() && c.seconds() > best.seconds())) {
                best = c;
            }
        }
        return best == null ? null : best.node();
    }

    /**
     * Leader elections within [from, to]: distinct terms in which some node became leader; where
     * a line states no term, each node's becoming leader counts as one.
     */
    int elections(double from, double to) {
        TreeSet<Long> terms = new TreeSet<>();
        int termless = 0;
        for (Change c : changes) {
            if (c.seconds() < from || c.seconds() > to || !c.role().equals("leader")) continue;
            if (c.term() < 0) termless++;
            else terms.add(c.term());
        }
        return terms.size() + termless;
    }

    /** The highest term logged before {@code t} (-1 when none). */
    long termAt(double t) {
        long term = -1;
        for (Change c : changes) {
            if (c.seconds() > t) break;
            term = Math.max(term, c.term());
        }
        return term;
    }

    /** Whether the nodes' logs state Raft terms at all (nats-server's do not). */
    boolean statesTerms() {
        return changes.stream().anyMatch(c -> c.term() >= 0);
    }

    /** How many times a node became leader within [from, to]. */
    long leaderChanges(double from, double to) {
        return changes.stream().filter(c -> c.role().equals("leader") && c.seconds() >= from && c.seconds() <= to).count();
    }

    boolean isEmpty() {
        return changes.isEmpty();
    }

    Map<String, Object> toJson() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("nodes", new ArrayList<>(segments.keySet()));
        Map<String, Object> segs = new LinkedHashMap<>();
        segments.forEach((n, list) -> segs.put(n, list.stream()
                .map(s -> List.<Object>of(round(s.start()), round(s.end()), s.role(), s.term())).toList()));
        m.put("segs", segs);
        Map<String, Object> cuts = new LinkedHashMap<>();
        cutOff.forEach((n, list) -> cuts.put(n, list.stream().map(iv -> List.of(round(iv[0]), round(iv[1]))).toList()));
        m.put("cut", cuts);
        return m;
    }

    private static double round(double s) {
        return Math.round(s * 1e3) / 1e3;
    }

    private static List<Change> changes(Path log, String node, Instant zero, NodeLogFormat format) throws IOException {
        List<Change> out = new ArrayList<>();
        String role = null;
        long term = -2;
        for (String line : Files.readAllLines(log, StandardCharsets.UTF_8)) {
            NodeLogLine l = NodeLogLine.parse(line, zero, format);
            if (l.role() == null || l.seconds() == null) continue;
            if (!l.role().equals(role) || l.term() != term) {
                out.add(new Change(l.seconds(), node, l.role(), l.term()));
                role = l.role();
                term = l.term();
            }
        }
        return out;
    }

    static int number(String node) {
        try {
            return Integer.parseInt(node.substring(1));
        } catch (RuntimeException e) {
            return Integer.MAX_VALUE;
        }
    }
}
