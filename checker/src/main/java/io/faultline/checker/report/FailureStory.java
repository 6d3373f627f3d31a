package io.faultline.checker.report;

import io.faultline.checker.CheckResult;
import io.faultline.checker.OpRef;
import io.faultline.checker.PartitionResult;
import io.faultline.checker.Violation;
import io.faultline.checker.history.History;
import io.faultline.checker.history.Op;
import io.faultline.checker.history.Operation;
import io.faultline.checker.history.OperationPairing;
import io.faultline.checker.model.Call;
import io.faultline.checker.model.Model;
import io.faultline.checker.model.Models;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The first violation told as a story, for the top of a report: the shrunk operations with
 * their times, function and values; which read was stale or impossible and which write it
 * missed (or read from); and the model's state after each step of the longest linearizable
 * prefix. Plain data for the page's script; the run report adds node lanes and log lines.
 */
public final class FailureStory {
    /** States shown: the last steps of the prefix, which lead to the dead end. */
    static final int MAX_STATES = 40;
    /** Ops drawn in the story: a counterexample that could not be shrunk far keeps those nearest the dead end. */
    static final int MAX_STORY_OPS = 30;

    /** How an op takes part in the story. */
    public enum Mark {
        STALE_READ("stale read"),
        IMPOSSIBLE_READ("read of a value never written"),
        MISSED_WRITE("the write it missed"),
        READ_FROM("the write whose value it read"),
        BLOCKING("could not be linearized"),
        NONE("");

        final String words;

        Mark(String words) {
            this.words = words;
        }
    }

    private FailureStory() {
    }

    /** The story of the first violation with a counterexample; null when there is none. */
    public static Map<String, Object> of(CheckResult result, History history) {
        PartitionResult bad = result.violations().stream().filter(p -> p.violation() != null).findFirst().orElse(null);
        if (bad == null) {
            return null;
        }
        Violation v = bad.violation();
        ReportClock clock = ReportClock.of(history);
        Map<Long, Operation> byInvoke = new HashMap<>();
        for (Operation o : OperationPairing.pair(history)) {
            byInvoke.put(o.invoke().index(), o);
        }
        List<OpRef> all = v.shrunk().isEmpty() ? withBlocking(v) : v.shrunk();
        List<OpRef> near = all.size() > MAX_STORY_OPS ? nearest(all, v.blocking(), byInvoke, clock) : all;
        // The read that could not be linearized tells the story; when the blocking op is not a
        // read, every read drawn is judged. Against every write of the counterexample, drawn or not.
        Operation blocking = byInvoke.get(v.blocking().invokeIndex());
        List<Operation> readers = blocking != null && isRead(blocking) ? List.of(blocking) : operations(near, byInvoke);
        Marks judged = marks(readers, operations(all, byInvoke), clock);
        Map<Long, Mark> marks = new HashMap<>(judged.mark());
        marks.putIfAbsent(v.blocking().invokeIndex(), Mark.BLOCKING);
        java.util.Set<OpRef> nearSet = new java.util.HashSet<>(near);
        List<OpRef> cast = all.stream().filter(r -> nearSet.contains(r) || marks.containsKey(r.invokeIndex())).toList();
        List<Map<String, Object>> rows = new ArrayList<>();
        for (OpRef ref : cast) {
            Operation o = byInvoke.get(ref.invokeIndex());
            if (o == null) {
                continue;
            }
            Op c = o.completion();
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("id", o.invoke().index());
            m.put("p", o.process());
            m.put("label", ref.description());
            m.put("s", clock.at(o.invoke()));
            m.put("e", c == null ? -1.0 : clock.at(c));
            m.put("type", c == null ? "open" : c.type().wireName());
            m.put("node", c == null ? null : c.node());
            // What the answering node itself said (its term and leader), when the system tells.
            if (c != null && c.extra().get(Op.TERM) != null) {
                m.put("term", c.extra().get(Op.TERM));
            }
            if (c != null && c.extra().get(Op.LEADER) != null) {
                m.put("leader", String.valueOf(c.extra().get(Op.LEADER)));
            }
            Mark mark = marks.getOrDefault(o.invoke().index(), Mark.NONE);
            m.put("mark", mark.name().toLowerCase(java.util.Locale.ROOT).replace('_', '-'));
            m.put("markWords", mark.words);
            m.put("missed", judged.missed().get(o.invoke().index()));
            m.put("readFrom", judged.readFrom().get(o.invoke().index()));
            Operation witness = judged.seenBy().get(o.invoke().index());
            if (witness != null) {
                // A missed write of unknown outcome, known to have happened because this read returned its value.
                m.put("seenBy", witness.process());
                m.put("seenAt", clock.at(witness.completion()));
            }
            rows.add(m);
        }
        Map<String, Object> story = new LinkedHashMap<>();
        story.put("key", bad.key());
        story.put("explanation", v.explanation());
        story.put("minimal", v.shrunkMinimal());
        story.put("counterexampleSize", all.size());
        story.put("blocking", v.blocking().invokeIndex());
        story.put("ops", rows);
        story.put("prefixSize", v.longestPrefix().size());
        story.put("stateAfterPrefix", v.stateAfterPrefix());
        story.put("states", states(result.model(), v.longestPrefix(), byInvoke));
        return story;
    }

    /** The blocking op and the ops invoked nearest to it, in their original order. */
    private static List<OpRef> nearest(List<OpRef> cast, OpRef blocking, Map<Long, Operation> byInvoke, ReportClock clock) {
        Operation b = byInvoke.get(blocking.invokeIndex());
        double at = b == null ? 0 : clock.at(b.invoke());
        List<OpRef> byDistance = new ArrayList<>(cast);
        byDistance.sort(java.util.Comparator.comparingDouble(r -> r.invokeIndex() == blocking.invokeIndex() ? -1
                : byInvoke.containsKey(r.invokeIndex()) ? Math.abs(clock.at(byInvoke.get(r.invokeIndex()).invoke()) - at)
                : Double.MAX_VALUE));
        java.util.Set<OpRef> keep = new java.util.HashSet<>(byDistance.subList(0, MAX_STORY_OPS));
        return cast.stream().filter(keep::contains).toList();
    }

    private static List<Operation> operations(List<OpRef> refs, Map<Long, Operation> byInvoke) {
        return refs.stream().map(r -> byInvoke.get(r.invokeIndex())).filter(Objects::nonNull).toList();
    }

    private static List<OpRef> withBlocking(Violation v) {
        List<OpRef> out = new ArrayList<>();
        out.add(v.blocking());
        out.addAll(v.couldNotLinearizeNext());
        return out;
    }

    /**
     * Reads against the writes of the counterexample: a read whose value no write wrote is
     * impossible; a read that does not see the last write known to have happened before it
     * began (acknowledged, or its value returned by another read) is stale, and that write is
     * the one it missed; the write of the value it did read is marked too.
     */
    static Marks marks(List<Operation> readers, List<Operation> ops, ReportClock clock) {
        Map<Long, Mark> marks = new HashMap<>();
        Map<Long, Long> missed = new HashMap<>();
        Map<Long, Long> readFrom = new HashMap<>();
        Map<Long, Operation> seenBy = new HashMap<>();
        for (Operation r : readers) {
            if (!isRead(r)) {
                continue;
            }
            Object read = r.completion().value();
            double invoked = clock.at(r.invoke());
            double completed = clock.at(r.completion());
            Operation lastBefore = null;
            double lastKnown = Double.NEGATIVE_INFINITY;
            Operation lastWitness = null;
            Operation source = null;
            boolean written = read == null;
            for (Operation w : ops) {
                if (w == r || isRead(w) || w.failed()) {
                    continue;
                }
                double wInvoked = clock.at(w.invoke());
                Object value = written(w);
                if (Objects.equals(value, read) && wInvoked < completed) {
                    written = true;
                    if (source == null || wInvoked > clock.at(source.invoke())) {
                        source = w; // the latest write of that value that could have been read
                    }
                }
                // A write is known to have happened once acknowledged, or once another read returned its value
                // (an unknown-outcome write seen by a read that completed first).
                double known = w.completion() != null && w.completion().type() == Op.Type.OK
                        ? clock.at(w.completion()) : Double.POSITIVE_INFINITY;
                Operation witness = null;
                for (Operation other : ops) {
                    if (other != r && isRead(other) && Objects.equals(other.completion().value(), value)
                            && value != null && clock.at(other.completion()) < known) {
                        known = clock.at(other.completion());
                        witness = other;
                    }
                }
                if (known < invoked && known > lastKnown) {
                    lastBefore = w;
                    lastKnown = known;
                    lastWitness = witness;
                }
            }
            if (source != null) {
                marks.putIfAbsent(source.invoke().index(), Mark.READ_FROM);
                readFrom.put(r.invoke().index(), source.invoke().index());
            }
            if (!written) {
                marks.put(r.invoke().index(), Mark.IMPOSSIBLE_READ);
            } else if (lastBefore != null && !Objects.equals(written(lastBefore), read)) {
                marks.put(r.invoke().index(), Mark.STALE_READ);
                marks.put(lastBefore.invoke().index(), Mark.MISSED_WRITE);
                missed.put(r.invoke().index(), lastBefore.invoke().index());
                if (lastWitness != null) {
                    seenBy.put(lastBefore.invoke().index(), lastWitness);
                }
            }
        }
        return new Marks(marks, missed, readFrom, seenBy);
    }

    /** Each op's part in the story, and for a read the write it missed and the write it read from. */
    record Marks(Map<Long, Mark> mark, Map<Long, Long> missed, Map<Long, Long> readFrom,
                 Map<Long, Operation> seenBy) {}

    private static boolean isRead(Operation o) {
        return o.completion() != null && o.completion().type() == Op.Type.OK
                && (o.invoke().f().equals("read") || o.invoke().f().equals("get"));
    }

    /** The value a write leaves: its value; a cas's new value; a delete leaves nothing. */
    private static Object written(Operation w) {
        Object v = w.invoke().value();
        if (w.invoke().f().equals("cas") && v instanceof List<?> l && l.size() == 2) {
            return l.get(1);
        }
        return w.invoke().f().equals("delete") ? null : v;
    }

    /** The model's state after each of the last {@link #MAX_STATES} steps of the prefix. */
    private static List<Map<String, Object>> states(String modelName, List<OpRef> prefix, Map<Long, Operation> byInvoke) {
        List<Map<String, Object>> out = new ArrayList<>();
        Model model;
        try {
            model = Models.byName(modelName);
        } catch (IllegalArgumentException unknownModel) {
            return out;
        }
        Object state = model.initialState();
        int from = Math.max(0, prefix.size() - MAX_STATES);
        for (int i = 0; i < prefix.size(); i++) {
            Operation o = byInvoke.get(prefix.get(i).invokeIndex());
            if (o == null) {
                return out;
            }
            Call call = model.compile(o.invoke(), o.completion());
            Object next = model.step(state, call);
            if (next == null) {
                return out; // cannot happen for a prefix the search linearized; stop rather than guess
            }
            state = next;
            if (i >= from) {
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("n", i + 1);
                m.put("id", o.invoke().index());
                m.put("label", prefix.get(i).description());
                m.put("state", model.describeState(state));
                out.add(m);
            }
        }
        return out;
    }
}
