package io.faultline.harness.report;

import io.faultline.checker.history.Op;
import io.faultline.harness.nemesis.CorruptFault;
import io.faultline.harness.nemesis.Nemesis;
import io.faultline.harness.nemesis.PowerLossFault;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * A stale read that is a lost write: the write the read missed was acknowledged, a fault came
 * between that acknowledgement and the read (a power loss, a kill of every node, a
 * corruption), and no read from then on returned its value. The story then says "lost", names
 * the fault, and quotes the node log lines of that stretch that tell of the loss.
 */
final class LostWrite {
    /**
     * Log lines that tell of data gone (a cut log, a truncation, a repair, a torn or corrupt
     * record) or of what a restarted node found (the Faultline node's "starting: … last index",
     * etcd's "restarting member … commit index"). "lost" as a word: not a flag's name.
     */
    static final Pattern LOSS_WORDS = Pattern.compile("(?i)((?<![-\\w])lost(?![-\\w])|log cut|cut from|truncat|corrupt"
            + "|torn|repair|unexpected EOF|checksum|crc mismatch|starting: .*last index|restarting member)");
    static final int MAX_LINES = 12;
    /** The nemesis op fields that record what a fault destroyed (PowerLossFault, CorruptFault). */
    private static final List<String> RECORDS = List.of(PowerLossFault.LOST, CorruptFault.DAMAGE);

    private LostWrite() {}

    /** Adds {@code lost} to the story when its stale read missed a lost write. */
    static void attach(Map<String, Object> story, List<Op> ops, List<Nemesis.Injected> faults,
                       ReportWriter.RunFiles files) {
        find(story, ops, faults, files).ifPresent(l -> story.put("lost", l));
    }

    static Optional<Map<String, Object>> find(Map<String, Object> story, List<Op> ops, List<Nemesis.Injected> faults,
                                              ReportWriter.RunFiles files) {
        if (!(story.get("ops") instanceof List<?> rows)) return Optional.empty();
        Map<Long, Map<?, ?>> byId = new HashMap<>();
        for (Object o : rows) if (o instanceof Map<?, ?> m && m.get("id") instanceof Number n) byId.put(n.longValue(), m);
        Map<?, ?> read = staleRead(story, byId);
        if (read == null || !(read.get("missed") instanceof Number missedId)) return Optional.empty();
        Map<?, ?> write = byId.get(missedId.longValue());
        if (write == null || !"ok".equals(write.get("type"))) return Optional.empty();
        double acked = ((Number) write.get("e")).doubleValue();
        double readAt = ((Number) read.get("s")).doubleValue();
        Op invoke = ops.stream().filter(o -> o.index() == missedId.longValue()).findFirst().orElse(null);
        if (invoke == null || seenLater(ops, invoke, readAt)) return Optional.empty();
        List<List<Object>> between = new ArrayList<>();
        double firstFault = Double.MAX_VALUE;
        for (Nemesis.Injected f : faults) {
            double s = f.startNanos() / 1e9;
            if (s >= acked && s <= readAt) {
                between.add(List.of(round(s), f.kind(), f.description()));
                firstFault = Math.min(firstFault, s);
            }
        }
        if (between.isEmpty()) return Optional.empty();
        Map<String, Object> lost = new LinkedHashMap<>();
        lost.put("write", missedId.longValue());
        lost.put("read", read.get("id"));
        lost.put("faults", between);
        List<List<Object>> evidence = faultRecords(ops, acked, readAt);
        evidence.addAll(lossLines(files, firstFault, readAt + ServedLogs.MARGIN_S));
        lost.put("logs", evidence);
        return Optional.of(lost);
    }

    /**
     * Acknowledged writes no read could see again: a fault started after their acknowledgement,
     * and from then to the end of the history reads of their keys were tried and every one failed
     * or went unknown — none returned a value. That is a store that lost a whole bucket or stream
     * (NATS 2.9.10 after a power loss answers "stream not found"), or a cluster left without a
     * quorum (the errors tell which), which the checker passes (a failed read constrains
     * nothing) and which would otherwise show only as "did not recover".
     * The first fault with such writes is told: the writes, their keys, the failed reads and
     * their commonest errors, what the faults recorded destroying, and the node log lines of the
     * stretch that tell of a loss. {@code files} may be null (no log lines).
     */
    static Optional<Map<String, Object>> unreadable(List<Op> ops, ReportWriter.RunFiles files) {
        Map<Long, Op> open = new HashMap<>();
        List<Op[]> calls = new ArrayList<>();
        double end = 0;
        for (Op o : ops) {
            if (o.time() != null) end = Math.max(end, o.time() / 1e9);
            if (o.isNemesis() || o.time() == null) continue;
            if (o.type() == Op.Type.INVOKE) open.put(o.process(), o);
            else if (open.containsKey(o.process())) calls.add(new Op[] {open.remove(o.process()), o});
        }
        for (Op fault : ops) {
            if (!fault.isNemesis() || !fault.f().startsWith("start-") || fault.time() == null) continue;
            double at = fault.time() / 1e9;
            Map<Object, Integer> acked = new HashMap<>();
            Map<Object, Integer> readOk = new HashMap<>();
            Map<Object, List<String>> readErrors = new HashMap<>();
            for (Op[] c : calls) {
                boolean read = "get".equals(c[0].f()) || "read".equals(c[0].f());
                if (!read && c[1].type() == Op.Type.OK && c[1].time() / 1e9 < at) acked.merge(c[0].key(), 1, Integer::sum);
                if (!read || c[0].time() / 1e9 < at) continue;
                if (c[1].type() == Op.Type.OK) readOk.merge(c[0].key(), 1, Integer::sum);
                else readErrors.computeIfAbsent(c[0].key(), k -> new ArrayList<>()).add(String.valueOf(c[1].error()));
            }
            List<Object> keys = acked.keySet().stream().filter(k -> !readOk.containsKey(k) && readErrors.containsKey(k))
                    .sorted(java.util.Comparator.comparing(String::valueOf)).toList();
            if (keys.isEmpty()) continue;
            Map<String, Long> errors = keys.stream().flatMap(k -> readErrors.get(k).stream())
                    .collect(java.util.stream.Collectors.groupingBy(e -> e, java.util.stream.Collectors.counting()));
            Map<String, Object> lost = new LinkedHashMap<>();
            lost.put("fault", java.util.Arrays.asList(round(at), fault.f().substring("start-".length()), fault.value()));
            lost.put("writes", keys.stream().mapToInt(acked::get).sum());
            lost.put("keys", keys.stream().map(String::valueOf).toList());
            lost.put("failed-reads", keys.stream().mapToInt(k -> readErrors.get(k).size()).sum());
            lost.put("errors", errors.entrySet().stream().sorted(Map.Entry.<String, Long>comparingByValue().reversed())
                    .limit(3).map(e -> List.<Object>of(e.getKey(), e.getValue())).toList());
            List<List<Object>> evidence = faultRecords(ops, at, at);
            if (files != null) evidence.addAll(lossLines(files, at, end + ServedLogs.MARGIN_S));
            lost.put("logs", evidence);
            return Optional.of(lost);
        }
        return Optional.empty();
    }

    /** The story's judged stale read: its blocking op when that is one, else the first marked. */
    private static Map<?, ?> staleRead(Map<String, Object> story, Map<Long, Map<?, ?>> byId) {
        Map<?, ?> blocking = story.get("blocking") instanceof Number b ? byId.get(b.longValue()) : null;
        if (blocking != null && "stale-read".equals(blocking.get("mark"))) return blocking;
        return byId.values().stream().filter(m -> "stale-read".equals(m.get("mark")))
                .min(java.util.Comparator.comparingDouble(m -> ((Number) m.get("s")).doubleValue())).orElse(null);
    }

    /**
     * Whether a read of the write's key invoked from {@code fromS} on returned the write's value.
     * A delete's "value" (no value) is not its own: any later delete leaves the same, so for a
     * delete only the reads invoked before the key's next write count.
     */
    private static boolean seenLater(List<Op> ops, Op write, double fromS) {
        Object value = written(write);
        boolean delete = "delete".equals(write.f());
        Map<Long, Op> pending = new HashMap<>();
        for (Op o : ops) {
            if (o.isNemesis()) continue;
            boolean after = o.time() != null && o.time() / 1e9 >= fromS;
            if (delete && after && o.type() == Op.Type.INVOKE && !"get".equals(o.f())
                    && Objects.equals(o.key(), write.key())) {
                return false;
            }
            if (!"get".equals(o.f())) continue;
            if (o.type() == Op.Type.INVOKE) {
                if (Objects.equals(o.key(), write.key()) && after) {
                    pending.put(o.process(), o);
                }
            } else if (pending.remove(o.process()) != null && o.type() == Op.Type.OK
                    && Objects.equals(String.valueOf(o.value()), String.valueOf(value))) {
                return true;
            }
        }
        return false;
    }

    /** The value a put or cas wrote (a cas's value is [expected, new]); a delete's is none. */
    private static Object written(Op write) {
        if ("delete".equals(write.f())) return null;
        return "cas".equals(write.f()) && write.value() instanceof List<?> l && l.size() == 2 ? l.get(1) : write.value();
    }

    /**
     * What the faults that started in the window recorded of what they destroyed (a power loss's
     * dropped bytes, a corruption's damage), per node: the loss as the nemesis saw it.
     */
    private static List<List<Object>> faultRecords(List<Op> ops, double from, double to) {
        List<List<Object>> out = new ArrayList<>();
        for (Op o : ops) {
            if (!o.isNemesis() || !o.f().startsWith("start-") || o.time() == null) continue;
            double s = o.time() / 1e9;
            if (s < from || s > to) continue;
            for (String field : RECORDS) {
                if (!(o.extra().get(field) instanceof Map<?, ?> perNode)) continue;
                perNode.forEach((node, what) -> out.add(java.util.Arrays.asList(String.valueOf(node), round(s),
                        o.f().substring("start-".length()) + ": " + what)));
            }
        }
        return out;
    }

    /** [node, seconds, text] of every node's lines in the window that tell of a loss. */
    private static List<List<Object>> lossLines(ReportWriter.RunFiles files, double from, double to) {
        List<List<Object>> out = new ArrayList<>();
        Path dir = files.nodesDir();
        if (dir == null || files.historyZero() == null || !Files.isDirectory(dir)) return out;
        for (String node : ServedLogs.allNodes(dir)) {
            for (List<Object> l : ServedLogs.lines(dir.resolve(node + ".log"), files.historyZero(), files.logFormat(),
                    from, to)) {
                if (out.size() < MAX_LINES && LOSS_WORDS.matcher(String.valueOf(l.get(1))).find()) {
                    out.add(java.util.Arrays.asList(node, l.get(0), l.get(1)));
                }
            }
        }
        return out;
    }

    private static double round(double s) {
        return Math.round(s * 1e3) / 1e3;
    }
}
