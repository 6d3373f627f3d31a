package io.faultline.checker.model;

/** The value of a register never written or a key that is absent; states are never Java null. */
public enum Nil {
    NIL;

    /** {@code null} becomes {@link #NIL}; anything else is returned as is. */
    public static Object orNil(Object v) {
        return v == null ? NIL : v;
    }

    @Override
    public String toString() {
        return "nil";
    }
}
