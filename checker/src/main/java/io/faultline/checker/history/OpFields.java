package io.faultline.checker.history;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Turns the field map of one decoded line (JSON or EDN, keys already plain strings, numbers
 * already {@code Long}) into an {@link Op}, and an {@link Op} back into the field map written
 * by {@link HistoryWriter}. The one place that knows the field names.
 */
final class OpFields {
    static final String INDEX = "index";
    static final String PROCESS = "process";
    static final String TYPE = "type";
    static final String F = "f";
    static final String KEY = "key";
    static final String VALUE = "value";
    static final String TIME = "time";
    static final String ERROR = "error";
    static final String NEMESIS = "nemesis";
    /** Extra field holding a source's own {@code index} when it differs from the position. */
    static final String SOURCE_INDEX = "source-index";

    private OpFields() {
    }

    /**
     * @param position the op's position in the history, which becomes its index
     * @param shared   the functions and keys of the history so far, each kept once: a long
     *                 history holds one copy of "k17" instead of one per line, and the checker
     *                 compares keys that are mostly the same object
     * @throws IllegalArgumentException with a reason a user can act on
     */
    static Op fromFields(Map<String, Object> fields, long position, Map<Object, Object> shared) {
        long process = process(fields.get(PROCESS));
        Object typeField = fields.get(TYPE);
        if (typeField == null) {
            throw new IllegalArgumentException("missing field \"type\"");
        }
        Op.Type type = Op.Type.fromWireName(String.valueOf(typeField));
        if (type == null) {
            throw new IllegalArgumentException(
                    "unknown type \"" + typeField + "\" (expected invoke, ok, fail or info)");
        }
        Object f = fields.get(F);
        if (f == null) {
            throw new IllegalArgumentException("missing field \"f\"");
        }
        Object key = fields.get(KEY);
        Object time = fields.get(TIME);
        if (time != null && !(time instanceof Long)) {
            throw new IllegalArgumentException("time must be an integer (nanoseconds), got " + time);
        }
        Object index = fields.get(INDEX);
        if (index != null && !(index instanceof Long)) {
            throw new IllegalArgumentException("index must be an integer, got " + index);
        }
        Map<String, Object> extra = new LinkedHashMap<>();
        for (Map.Entry<String, Object> e : fields.entrySet()) {
            switch (e.getKey()) {
                case INDEX, PROCESS, TYPE, F, KEY, VALUE, TIME, ERROR -> {
                }
                default -> extra.put(e.getKey(), e.getValue());
            }
        }
        if (index != null && (Long) index != position) {
            extra.put(SOURCE_INDEX, index);
        }
        return new Op(position, process, type, (String) shared.computeIfAbsent(String.valueOf(f), x -> x),
                key == null ? null : shared.computeIfAbsent(key, x -> x),
                fields.get(VALUE), (Long) time, fields.get(ERROR), extra);
    }

    private static long process(Object p) {
        if (p == null) {
            throw new IllegalArgumentException("missing field \"process\"");
        }
        if (p instanceof Long l) {
            if (l < 0) {
                throw new IllegalArgumentException("process must be \"nemesis\" or a number >= 0, got " + l);
            }
            return l;
        }
        if (NEMESIS.equals(p)) {
            return Op.NEMESIS;
        }
        throw new IllegalArgumentException("process must be \"nemesis\" or an integer, got " + p);
    }

    static Map<String, Object> toFields(Op op) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put(INDEX, op.index());
        m.put(PROCESS, op.isNemesis() ? NEMESIS : (Object) op.process());
        m.put(TYPE, op.type().wireName());
        m.put(F, op.f());
        if (op.key() != null) {
            m.put(KEY, op.key());
        }
        m.put(VALUE, op.value());
        if (op.time() != null) {
            m.put(TIME, op.time());
        }
        if (op.error() != null) {
            m.put(ERROR, op.error());
        }
        for (Map.Entry<String, Object> e : op.extra().entrySet()) {
            m.putIfAbsent(e.getKey(), e.getValue());
        }
        return m;
    }

    /**
     * Integer → Long, and a BigInteger that fits a long → Long, in nested lists and maps too, so
     * that equal numbers compare equal. Larger integers stay BigInteger: numbers, never equal to a
     * string of their digits.
     */
    static Object normalizeNumbers(Object v) {
        if (v instanceof Integer i) {
            return i.longValue();
        }
        if (v instanceof Short s) {
            return s.longValue();
        }
        if (v instanceof java.math.BigInteger b) {
            return b.bitLength() < 64 ? (Object) b.longValue() : b;
        }
        if (v instanceof List<?> l) {
            List<Object> out = new java.util.ArrayList<>(l.size());
            for (Object o : l) {
                out.add(normalizeNumbers(o));
            }
            return out;
        }
        if (v instanceof Map<?, ?> m) {
            Map<String, Object> out = new LinkedHashMap<>();
            for (Map.Entry<?, ?> e : m.entrySet()) {
                out.put(String.valueOf(e.getKey()), normalizeNumbers(e.getValue()));
            }
            return out;
        }
        return v;
    }
}
