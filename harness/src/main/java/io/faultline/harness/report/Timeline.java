package io.faultline.harness.report;

import io.faultline.checker.history.Op;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** The time series the report draws, computed from a history alone. */
public record Timeline(List<Point> points, List<Band> bands, int[][] perSecond, int[] answeredPerSecond,
                       double endSeconds) {
    /**
     * One completed client op: when it was invoked, how long it took, how it ended,
     * and whether the cluster answered it (ok, or a definite no such as a cas mismatch).
     */
    public record Point(double seconds, double latencyMs, Op.Type type, String f, boolean answered) {}

    /** The client's error for a cas whose expected value did not match: the cluster did answer. */
    public static final String CAS_MISMATCH = io.faultline.harness.client.Completion.CAS_MISMATCH;

    /** A fault interval; {@code end} is the end of the history when no stop was recorded. */
    public record Band(String kind, String description, double start, double end) {}

    public static final int OK = 0;
    public static final int FAIL = 1;
    public static final int INFO = 2;

    public static Timeline of(List<Op> ops) {
        List<Point> points = new ArrayList<>();
        List<Band> bands = new ArrayList<>();
        Map<Long, Op> open = new HashMap<>();
        Map<String, Op> openFaults = new HashMap<>();
        double end = 0;
        for (Op op : ops) {
            if (op.time() != null) end = Math.max(end, op.time() / 1e9);
        }
        for (Op op : ops) {
            if (op.time() == null) continue;
            if (op.isNemesis()) {
                String f = op.f();
                if (f.startsWith("start-")) {
                    openFaults.put(f.substring(6), op);
                } else if (f.startsWith("stop-")) {
                    Op s = openFaults.remove(f.substring(5));
                    if (s != null) {
                        bands.add(new Band(f.substring(5), String.valueOf(s.value()), s.time() / 1e9, op.time() / 1e9));
                    }
                }
                continue;
            }
            if (op.type() == Op.Type.INVOKE) {
                open.put(op.process(), op);
            } else {
                Op inv = open.remove(op.process());
                if (inv == null) continue;
                boolean answered = op.type() == Op.Type.OK
                        || (op.type() == Op.Type.FAIL && CAS_MISMATCH.equals(op.error()));
                points.add(new Point(inv.time() / 1e9, (op.time() - inv.time()) / 1e6, op.type(), op.f(), answered));
            }
        }
        for (var e : openFaults.entrySet()) {
            bands.add(new Band(e.getKey(), String.valueOf(e.getValue().value()), e.getValue().time() / 1e9, end));
        }
        bands.sort((a, b) -> Double.compare(a.start(), b.start()));
        int seconds = (int) Math.ceil(end) + 1;
        int[][] perSecond = new int[seconds][3];
        int[] answered = new int[seconds];
        for (Point p : points) {
            int s = (int) Math.min(seconds - 1, Math.floor(p.seconds() + p.latencyMs() / 1000));
            if (p.answered()) answered[s]++;
            perSecond[s][switch (p.type()) {
                case OK -> OK;
                case FAIL -> FAIL;
                default -> INFO;
            }]++;
        }
        return new Timeline(points, bands, perSecond, answered, end);
    }

    /** Share of completions in each second that the cluster answered (NaN for a second with none). */
    public double[] availability() {
        double[] out = new double[perSecond.length];
        for (int i = 0; i < perSecond.length; i++) {
            int total = perSecond[i][OK] + perSecond[i][FAIL] + perSecond[i][INFO];
            out[i] = total == 0 ? Double.NaN : (double) answeredPerSecond[i] / total;
        }
        return out;
    }
}
