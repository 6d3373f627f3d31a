package io.faultline.checker.history;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One line of a history: an invocation or a completion.
 *
 * <p>Native format (JSON Lines, one object a line; see {@code docs/history-format.md}):
 * <pre>{"index":7,"process":2,"type":"invoke","f":"cas","key":"k3","value":["a","b"],"time":1234}</pre>
 *
 * @param index   position in the history (0-based, dense)
 * @param process client process number, or {@link #NEMESIS} for fault events
 * @param type    invoke, ok, fail or info
 * @param f       the function, e.g. read, write, cas, get, put, append, delete; for the
 *                nemesis e.g. start-partition
 * @param key     the key for keyed models, as the history has it: keys of different types differ
 *                ({@code 7} is not {@code "7"}); null for single-register histories
 * @param value   null, a String, a Long (a BigInteger past 64 bits), a Double, a Boolean, or a
 *                List or Map of those (cas: [expected, new])
 * @param time    nanoseconds since the start of the run; null when unknown (ordered by line)
 * @param error   whatever the recorder said went wrong; null when nothing
 * @param extra   any other fields, kept for the report; never read by models
 */
public record Op(
        long index,
        long process,
        Type type,
        String f,
        Object key,
        Object value,
        Long time,
        Object error,
        Map<String, Object> extra) {

    /** The process number that stands for the nemesis (Jepsen's {@code :nemesis}). */
    public static final long NEMESIS = -1;

    /** Extra field of a completion: the node that answered it (or, for info, was last sent it), e.g. "n2". */
    public static final String NODE = "node";
    /** Extra field of a completion: the term the answering node reported, when the system tells. */
    public static final String TERM = "term";
    /** Extra field of a completion: the leader the answering node named, when the system tells. */
    public static final String LEADER = "leader";

    public enum Type {
        INVOKE,
        OK,
        FAIL,
        INFO;

        private final String wire = name().toLowerCase(java.util.Locale.ROOT);

        public String wireName() {
            return wire;
        }

        /** The type named {@code invoke}, {@code ok}, {@code fail} or {@code info}; null for anything else. */
        public static Type fromWireName(String name) {
            for (Type t : values()) {
                if (t.wireName().equals(name)) {
                    return t;
                }
            }
            return null;
        }
    }

    public Op {
        if (type == null) {
            throw new IllegalArgumentException("op type is required");
        }
        if (f == null) {
            throw new IllegalArgumentException("op function f is required");
        }
        // Unlike Map.copyOf, keeps null values (an EDN extra such as {:node nil}).
        extra = extra == null || extra.isEmpty()
                ? Map.of()
                : Collections.unmodifiableMap(new LinkedHashMap<>(extra));
    }

    /** A client (non-nemesis) op with no time, error or extras; handy for tests and generators. */
    public static Op of(long index, long process, Type type, String f, Object key, Object value) {
        return new Op(index, process, type, f, key, value, null, null, Map.of());
    }

    /** This op with another index (readers renumber ops by position). */
    public Op withIndex(long newIndex) {
        return new Op(newIndex, process, type, f, key, value, time, error, extra);
    }

    /** The node that answered this completion ({@link #NODE}), as written; null when the history does not say. */
    public String node() {
        Object n = extra.get(NODE);
        return n == null ? null : String.valueOf(n);
    }

    public boolean isNemesis() {
        return process == NEMESIS;
    }
}
