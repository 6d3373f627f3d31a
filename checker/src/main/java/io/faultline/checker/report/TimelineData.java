package io.faultline.checker.report;

import io.faultline.checker.CheckResult;
import io.faultline.checker.PartitionResult;
import io.faultline.checker.Violation;
import io.faultline.checker.history.History;
import io.faultline.checker.history.Op;
import io.faultline.checker.history.Operation;
import io.faultline.checker.history.OperationPairing;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * What the report's timeline (and the run report's latency dots) draw, stored once: one row
 * per client operation, its function, key, error and node as indices into small dictionaries.
 * Times are run seconds when the history is timed, otherwise file lines, the numbers the
 * explanation and the tables quote. Bounded: every operation up to
 * {@link #MAX_OPS}; past that, the failing keys around the violation plus every highlighted
 * operation.
 */
final class TimelineData {
    static final int MAX_OPS = 200_000;
    private static final int MAX_BANDS = 2_000;
    private static final int MAX_VALUE_CHARS = 300;

    final Map<String, Object> json = new LinkedHashMap<>();
    final int totalClientOps;
    final int shownOps;

    TimelineData(CheckResult result, History history) {
        ReportClock clock = ReportClock.of(history);
        boolean timed = clock.timed();
        List<Operation> all = OperationPairing.pair(history);
        List<PartitionResult> violations = result == null ? List.of() : result.violations();
        Set<Object> focusKeys = new HashSet<>();
        boolean everything = violations.isEmpty();
        Set<Long> highlighted = new LinkedHashSet<>();
        List<Long> blocking = new ArrayList<>();
        List<Long> candidates = new ArrayList<>();
        List<Long> shrunk = new ArrayList<>();
        List<Long> prefix = new ArrayList<>();
        for (PartitionResult p : violations) {
            if (p.key() == null) {
                everything = true;
            } else {
                focusKeys.add(p.key());
            }
            Violation v = p.violation();
            if (v == null) {
                continue;
            }
            blocking.add(v.blocking().invokeIndex());
            v.couldNotLinearizeNext().forEach(r -> candidates.add(r.invokeIndex()));
            v.shrunk().forEach(r -> shrunk.add(r.invokeIndex()));
            v.longestPrefix().forEach(r -> prefix.add(r.invokeIndex()));
        }
        highlighted.addAll(blocking);
        highlighted.addAll(candidates);
        highlighted.addAll(shrunk);
        List<Operation> shown = all;
        if (all.size() > MAX_OPS) {
            List<Operation> focus = new ArrayList<>();
            for (Operation o : all) {
                if (everything || focusKeys.contains(o.invoke().key())) {
                    focus.add(o);
                }
            }
            shown = bounded(focus, highlighted, blocking.isEmpty() ? -1 : blocking.get(0));
        }
        totalClientOps = all.size();
        shownOps = shown.size();

        Dictionary fs = new Dictionary();
        Dictionary keys = new Dictionary();
        Dictionary nodes = new Dictionary();
        Dictionary errors = new Dictionary();
        Columns cols = new Columns(shown.size());
        double minT = Double.MAX_VALUE;
        double maxT = -Double.MAX_VALUE;
        for (Operation o : shown) {
            Op c = o.completion();
            long s = clock.tick(o.invoke());
            minT = Math.min(minT, clock.at(o.invoke()));
            maxT = Math.max(maxT, clock.at(c == null ? o.invoke() : c));
            Op shownValueOp = c != null && c.type() == Op.Type.OK ? c : o.invoke();
            Object error = c == null ? null : c.error();
            cols.add(o.invoke().index(), c == null ? 0 : c.index() - o.invoke().index(), o.process(),
                    c == null ? OPEN : c.type().ordinal() - 1, fs.of(o.invoke().f()), keys.of(keyLabel(o.invoke().key())),
                    nodes.of(c == null ? null : c.node()), s, c == null ? -1 : clock.tick(c) - s,
                    pageValue(shownValueOp.value()), errors.of(error == null ? null : errorText(error)));
        }
        List<Map<String, Object>> bands = bands(history, clock);
        for (Map<String, Object> b : bands) {
            minT = Math.min(minT, (Double) b.get("s"));
        }
        if (minT == Double.MAX_VALUE) {
            minT = 0;
            maxT = 1;
        }
        json.put("timed", timed);
        json.put("minT", timed ? Math.min(0, minT) : minT);
        json.put("maxT", Math.max(maxT, minT + (timed ? 0.001 : 1)));
        json.put("focusKey", violations.isEmpty() ? null : keyLabel(violations.get(0).key()));
        json.put("fs", fs.values);
        json.put("keys", keys.values);
        json.put("nodes", nodes.values);
        json.put("errors", errors.values);
        json.put("types", TYPES);
        json.put("ops", cols.json());
        json.put("nemesis", bands);
        Map<String, Object> hl = new LinkedHashMap<>();
        hl.put("blocking", blocking);
        hl.put("candidates", candidates);
        hl.put("shrunk", shrunk);
        hl.put("prefix", prefix);
        json.put("highlight", hl);
    }

    /** Completion types as the page numbers them; an op that never completed is "open". */
    private static final List<String> TYPES = List.of("ok", "fail", "info", "open");
    private static final int OPEN = 3;

    /**
     * The operations as columns, the form that is quickest to send and to read: a 100,000-op
     * page spends most of its opening time reading its own bytes, and a row of numbers per
     * column is about half the size of one array per op. Invocation indices and times are
     * deltas from the previous op; times are in the clock's ticks (microseconds, or lines);
     * errors are listed only for the ops that have one.
     */
    private static final class Columns {
        private final int n;
        private final long[] id;
        private final long[] done;
        private final long[] process;
        private final int[] type;
        private final int[] f;
        private final int[] key;
        private final int[] node;
        private final long[] start;
        private final long[] duration;
        private final List<Object> values;
        private final List<Integer> errors = new ArrayList<>();
        private int size;
        private long lastId;
        private long lastStart;

        Columns(int n) {
            this.n = n;
            id = new long[n];
            done = new long[n];
            process = new long[n];
            type = new int[n];
            f = new int[n];
            key = new int[n];
            node = new int[n];
            start = new long[n];
            duration = new long[n];
            values = new ArrayList<>(n);
        }

        void add(long invokeIndex, long completionDelta, long p, int t, int fn, int k, int nd, long s, long d, Object value,
                int error) {
            int i = size++;
            id[i] = invokeIndex - lastId;
            lastId = invokeIndex;
            done[i] = completionDelta;
            process[i] = p;
            type[i] = t;
            f[i] = fn;
            key[i] = k;
            node[i] = nd;
            start[i] = s - lastStart;
            lastStart = s;
            duration[i] = d;
            values.add(value);
            if (error >= 0) {
                errors.add(i);
                errors.add(error);
            }
        }

        Map<String, Object> json() {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("n", n);
            m.put("id", id);
            m.put("done", done);
            m.put("p", process);
            m.put("type", type);
            m.put("f", f);
            m.put("key", key);
            m.put("node", node);
            m.put("s", start);
            m.put("d", duration);
            m.put("value", values);
            m.put("error", errors);
            return m;
        }
    }

    /**
     * A value as the page shows it, sent as JSON itself (no quoted copy of a quoted string):
     * null, a string, an integer a browser holds exactly, or a list of those; anything else,
     * or anything longer than {@link #MAX_VALUE_CHARS}, as {@code {"text": shown form}}.
     */
    static Object pageValue(Object v) {
        if (v == null) {
            return null;
        }
        if (v instanceof String str) {
            return str.length() > MAX_VALUE_CHARS ? Map.of("text", show(v)) : str;
        }
        if ((v instanceof Long || v instanceof Integer) && Math.abs(((Number) v).longValue()) < (1L << 53)) {
            return v;
        }
        if (v instanceof List<?> l && show(v).length() < MAX_VALUE_CHARS) {
            List<Object> out = new ArrayList<>(l.size());
            for (Object x : l) {
                Object px = pageValue(x);
                if (px instanceof Map) {
                    return Map.of("text", show(v));
                }
                out.add(px);
            }
            return out;
        }
        return Map.of("text", show(v));
    }

    /** Small repeated strings (functions, keys, nodes) stored once; rows hold their index, -1 for null. */
    private static final class Dictionary {
        final List<String> values = new ArrayList<>();
        private final Map<String, Integer> index = new LinkedHashMap<>();

        int of(String s) {
            if (s == null) {
                return -1;
            }
            return index.computeIfAbsent(s, k -> {
                values.add(k);
                return values.size() - 1;
            });
        }
    }

    private static List<Operation> bounded(List<Operation> focus, Set<Long> highlighted, long around) {
        if (focus.size() <= MAX_OPS) {
            return focus;
        }
        int centre = 0;
        for (int i = 0; i < focus.size(); i++) {
            if (focus.get(i).invoke().index() == around) {
                centre = i;
                break;
            }
        }
        int from = around < 0 ? 0 : Math.max(0, Math.min(centre - MAX_OPS / 2, focus.size() - MAX_OPS));
        int to = Math.min(focus.size(), from + MAX_OPS);
        List<Operation> out = new ArrayList<>();
        for (int i = 0; i < focus.size(); i++) {
            Operation o = focus.get(i);
            if ((i >= from && i < to) || highlighted.contains(o.invoke().index())) {
                out.add(o);
            }
        }
        return out;
    }

    /** Fault intervals: a nemesis event opens a band, the next stop/heal/resume-like event closes it. */
    private static List<Map<String, Object>> bands(History history, ReportClock clock) {
        List<Map<String, Object>> bands = new ArrayList<>();
        Map<String, Object> open = null;
        for (Op op : history.ops()) {
            if (!op.isNemesis() || (clock.timed() && op.time() == null)) {
                continue;
            }
            double t = clock.at(op);
            boolean closes = isClosing(op.f());
            if (closes && open != null) {
                open.put("e", t);
                bands.add(open);
                open = null;
            } else if (!closes && open == null) {
                open = new LinkedHashMap<>();
                open.put("s", t);
                open.put("e", -1.0);
                open.put("kind", op.f().replaceFirst("^start-", ""));
                open.put("label", op.f() + (op.value() == null ? "" : " " + show(op.value())));
            }
            if (bands.size() >= MAX_BANDS) {
                break;
            }
        }
        if (open != null) {
            bands.add(open);
        }
        return bands;
    }

    static boolean isClosing(String f) {
        String s = f.toLowerCase(Locale.ROOT);
        for (String prefix : Arrays.asList("stop", "heal", "resume", "recover", "end", "restore", "repair",
                "unpause", "cont", "revive")) {
            if (s.startsWith(prefix)) {
                return true;
            }
        }
        return false;
    }

    /** An error as the details show it: a string as it is (most errors are words), anything else as written. */
    private static String errorText(Object error) {
        String s = error instanceof String str ? str : show(error);
        return s.length() > MAX_VALUE_CHARS ? s.substring(0, MAX_VALUE_CHARS) + "…" : s;
    }

    /** The page's key filter compares text: a string key as it is, any other key as written ({@code 7}). */
    private static String keyLabel(Object key) {
        return key == null || key instanceof String ? (String) key : show(key);
    }

    static String show(Object v) {
        String s;
        if (v == null) {
            s = "nil";
        } else if (v instanceof String str) {
            s = "\"" + str + "\"";
        } else if (v instanceof List<?> l) {
            StringBuilder b = new StringBuilder("[");
            for (int i = 0; i < l.size(); i++) {
                b.append(i == 0 ? "" : ", ").append(show(l.get(i)));
            }
            s = b.append(']').toString();
        } else {
            s = String.valueOf(v);
        }
        return s.length() > MAX_VALUE_CHARS ? s.substring(0, MAX_VALUE_CHARS) + "…" : s;
    }
}
