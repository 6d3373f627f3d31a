package io.faultline.harness.report;

import io.faultline.checker.history.Op;
import io.faultline.harness.client.Completion;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The run's time series, in buckets of run seconds (completion time): latency quantiles
 * (p50/p95/p99/max, ms) per function and for all, answered completions per function,
 * failed and unknown completions, and availability. "Answered" is ok or a definite no
 * (a cas mismatch); a failed op is an error, counted apart from mismatches. The page data
 * is this record as Jackson writes it (one field per component).
 */
record RunSeries(double step, double end, Map<String, Map<String, List<Double>>> quantiles,
                 Map<String, List<Double>> throughput, List<Double> failed, List<Double> unknown,
                 List<Double> availability) {
    static final String ALL = "all";

    /** One client op as the series see it: invoke and completion in run seconds (completion NaN when none). */
    record Done(String f, double invoked, double completed, Op.Type type, boolean answered) {}

    static List<Done> pair(List<Op> ops) {
        Map<Long, Op> open = new HashMap<>();
        List<Done> out = new ArrayList<>();
        for (Op op : ops) {
            if (op.isNemesis() || op.time() == null) continue;
            if (op.type() == Op.Type.INVOKE) {
                open.put(op.process(), op);
                continue;
            }
            Op inv = open.remove(op.process());
            if (inv == null) continue;
            boolean answered = op.type() == Op.Type.OK
                    || (op.type() == Op.Type.FAIL && Completion.CAS_MISMATCH.equals(op.error()));
            out.add(new Done(inv.f(), inv.time() / 1e9, op.time() / 1e9, op.type(), answered));
        }
        for (Op inv : open.values()) {
            out.add(new Done(inv.f(), inv.time() / 1e9, Double.NaN, Op.Type.INFO, false));
        }
        return out;
    }

    static RunSeries of(List<Op> ops) {
        List<Done> done = pair(ops);
        double end = 0;
        for (Op op : ops) if (op.time() != null) end = Math.max(end, op.time() / 1e9);
        // About 600 buckets at most, so a long run stays a small page.
        double step = Math.max(1, Math.ceil(end / 600));
        int n = (int) Math.floor(end / step) + 1;
        Map<String, List<List<Double>>> lat = new TreeMap<>();
        Map<String, double[]> through = new TreeMap<>();
        double[] failed = new double[n];
        double[] unknown = new double[n];
        double[] answered = new double[n];
        double[] completed = new double[n];
        int[] inFlight = new int[n];
        for (Done d : done) {
            int from = bucket(d.invoked(), step, n);
            int to = Double.isNaN(d.completed()) ? n - 1 : bucket(d.completed(), step, n);
            for (int b = from; b <= to; b++) inFlight[b]++;
            if (Double.isNaN(d.completed())) continue;
            int b = to;
            completed[b]++;
            if (d.answered()) {
                answered[b]++;
                through.computeIfAbsent(d.f(), f -> new double[n])[b]++;
                double ms = (d.completed() - d.invoked()) * 1e3;
                for (String key : List.of(d.f(), ALL)) {
                    List<List<Double>> per = lat.computeIfAbsent(key, k -> newBuckets(n));
                    per.get(b).add(ms);
                }
            } else if (d.type() == Op.Type.INFO) {
                unknown[b]++;
            } else {
                failed[b]++;
            }
        }
        Map<String, Map<String, List<Double>>> quantiles = new LinkedHashMap<>();
        if (lat.containsKey(ALL)) quantiles.put(ALL, quantiles(lat.get(ALL)));
        lat.forEach((f, per) -> {
            if (!f.equals(ALL)) quantiles.put(f, quantiles(per));
        });
        Map<String, List<Double>> throughput = new LinkedHashMap<>();
        through.forEach((f, counts) -> throughput.put(f, perSecond(counts, step)));
        List<Double> availability = new ArrayList<>(n);
        for (int b = 0; b < n; b++) {
            // No completion while ops were waiting is 0 %, not a gap: the cluster answered nothing.
            if (completed[b] == 0) availability.add(inFlight[b] > 0 ? 0.0 : null);
            else availability.add(Math.round(1000 * answered[b] / completed[b]) / 10.0);
        }
        return new RunSeries(step, end, quantiles, throughput, perSecond(failed, step), perSecond(unknown, step),
                availability);
    }

    private static int bucket(double seconds, double step, int n) {
        return (int) Math.max(0, Math.min(n - 1, Math.floor(seconds / step)));
    }

    private static List<List<Double>> newBuckets(int n) {
        List<List<Double>> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) out.add(new ArrayList<>());
        return out;
    }

    private static Map<String, List<Double>> quantiles(List<List<Double>> per) {
        Map<String, List<Double>> q = new LinkedHashMap<>();
        for (String k : List.of("p50", "p95", "p99", "max")) q.put(k, new ArrayList<>(per.size()));
        for (List<Double> bucket : per) {
            double[] v = bucket.stream().mapToDouble(Double::doubleValue).toArray();
            Arrays.sort(v);
            q.get("p50").add(quantile(v, 0.50));
            q.get("p95").add(quantile(v, 0.95));
            q.get("p99").add(quantile(v, 0.99));
            q.get("max").add(v.length == 0 ? null : round(v[v.length - 1]));
        }
        return q;
    }

    /** Nearest-rank quantile of sorted values; null for none. */
    static Double quantile(double[] sorted, double q) {
        if (sorted.length == 0) return null;
        int rank = (int) Math.ceil(q * sorted.length);
        return round(sorted[Math.max(0, rank - 1)]);
    }

    private static Double round(double ms) {
        return Math.round(ms * 100) / 100.0;
    }

    private static List<Double> perSecond(double[] counts, double step) {
        List<Double> out = new ArrayList<>(counts.length);
        for (double c : counts) out.add(Math.round(c / step * 10) / 10.0);
        return out;
    }
}
