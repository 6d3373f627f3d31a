package io.faultline.checker.model;

import java.util.List;

/** Shared checks and descriptions of op values (and keys) for the built-in models and explanations. */
public final class Values {
    private Values() {
    }

    /** A scalar register/kv value: null, a string or an integer (Long, or BigInteger past 64 bits). */
    static Object scalar(Object v, String what) {
        if (v == null || v instanceof String || v instanceof Long || v instanceof java.math.BigInteger) {
            return Nil.orNil(v);
        }
        throw new IllegalArgumentException(what + " must be null, a string or an integer, got " + show(v));
    }

    /** The [expected, new] pair of a cas. */
    static List<?> casPair(Object v) {
        if (v instanceof List<?> l && l.size() == 2) {
            return l;
        }
        throw new IllegalArgumentException("cas value must be [expected, new], got " + show(v));
    }

    /** A value as a reader sees it: strings quoted, nil, numbers and lists as written. */
    public static String show(Object v) {
        if (v == null || v == Nil.NIL) {
            return "nil";
        }
        if (v instanceof Text t) {
            return show(t.toString());
        }
        if (v instanceof String s) {
            String shown = s.length() > 120 ? s.substring(0, 60) + "…" + s.substring(s.length() - 50) : s;
            return "\"" + shown + "\"";
        }
        if (v instanceof List<?> l) {
            StringBuilder b = new StringBuilder("[");
            for (int i = 0; i < l.size(); i++) {
                b.append(i == 0 ? "" : ", ").append(show(l.get(i)));
            }
            return b.append(']').toString();
        }
        return String.valueOf(v);
    }
}
