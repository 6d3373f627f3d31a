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
 * What the report's timeline shows, bounded in size: every operation of the failing keys (or,
 * past {@link #MAX_OPS}, a window around the violation plus every highlighted operation), or
 * the first operations of a history without violations; nemesis events as bands.
 */
final class TimelineData {
    static final int MAX_OPS = 20_000;
    private static final int MAX_BANDS = 2_000;
    private static final int MAX_VALUE_CHARS = 300;

    final Map<String, Object> json = new LinkedHashMap<>();
    final int totalClientOps;
    final int shownOps;

    TimelineData(CheckResult result, History history) {
        boolean timed = history.isTimed();
        List<Operation> all = OperationPairing.pair(history);
        List<PartitionResult> violations = result.violations();
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
        List<Operation> focus = new ArrayList<>();
        for (Operation o : all) {
            if (everything || focusKeys.contains(o.invoke().key())) {
                focus.add(o);
            }
        }
        List<Operation> shown = bounded(focus, highlighted, blocking.isEmpty() ? -1 : blocking.get(0));
        totalClientOps = all.size();
        shownOps = shown.size();

        List<Object[]> rows = new ArrayList<>(shown.size());
        long minT = Long.MAX_VALUE;
        long maxT = Long.MIN_VALUE;
        for (Operation o : shown) {
            long s = at(history, o.invoke(), timed);
            long e = -1;
            String type;
            if (o.completion() == null) {
                type = "open";
            } else {
                type = o.completion().type().wireName();
                if (o.completion().type() != Op.Type.INFO) {
                    e = at(history, o.completion(), timed);
                }
            }
            minT = Math.min(minT, s);
            maxT = Math.max(maxT, Math.max(s, e));
            Op shownValueOp = o.completion() != null && o.completion().type() == Op.Type.OK ? o.completion() : o.invoke();
            Object error = o.completion() == null ? null : o.completion().error();
            rows.add(new Object[] {o.invoke().index(), o.completion() == null ? -1 : o.completion().index(),
                o.process(), type, o.invoke().f(), keyLabel(o.invoke().key()), show(shownValueOp.value()),
                error == null ? null : show(error), s, e});
        }
        List<Map<String, Object>> bands = bands(history, timed);
        for (Map<String, Object> b : bands) {
            minT = Math.min(minT, (Long) b.get("s"));
        }
        if (minT == Long.MAX_VALUE) {
            minT = 0;
            maxT = 1;
        }
        json.put("timed", timed);
        json.put("minT", minT);
        json.put("maxT", Math.max(maxT, minT + 1));
        json.put("focusKey", violations.isEmpty() ? null : keyLabel(violations.get(0).key()));
        json.put("ops", rows);
        json.put("nemesis", bands);
        Map<String, Object> hl = new LinkedHashMap<>();
        hl.put("blocking", blocking);
        hl.put("candidates", candidates);
        hl.put("shrunk", shrunk);
        hl.put("prefix", prefix);
        json.put("highlight", hl);
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

    private static long at(History history, Op op, boolean timed) {
        return timed ? op.time() : history.lineOf((int) op.index());
    }

    /** Fault intervals: a nemesis event opens a band, the next stop/heal/resume-like event closes it. */
    private static List<Map<String, Object>> bands(History history, boolean timed) {
        List<Map<String, Object>> bands = new ArrayList<>();
        Map<String, Object> open = null;
        for (Op op : history.ops()) {
            if (!op.isNemesis() || (timed && op.time() == null)) {
                continue;
            }
            long t = at(history, op, timed);
            boolean closes = isClosing(op.f());
            if (closes && open != null) {
                open.put("e", t);
                bands.add(open);
                open = null;
            } else if (!closes && open == null) {
                open = new LinkedHashMap<>();
                open.put("s", t);
                open.put("e", -1L);
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
