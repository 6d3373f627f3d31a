package io.faultline.checker.model;

/**
 * An immutable string built by appends without copying: a chain of pieces with a rolling
 * polynomial hash, so that appending, hashing and comparing (by length and hash first) cost
 * O(1) on the search's hot path instead of O(length).
 */
final class Text {
    private static final long BASE = 0x100000001B3L;
    static final Text EMPTY = new Text(null, "", 0, 0, 1);

    private final Text parent;
    private final String piece;
    private final int length;
    private final long hash;
    /** BASE^length, for appending this text to another. */
    private final long power;

    private Text(Text parent, String piece, int length, long hash, long power) {
        this.parent = parent;
        this.piece = piece;
        this.length = length;
        this.hash = hash;
        this.power = power;
    }

    static Text of(String s) {
        long h = 0;
        long p = 1;
        for (int i = 0; i < s.length(); i++) {
            h = h * BASE + s.charAt(i);
            p *= BASE;
        }
        return new Text(null, s, s.length(), h, p);
    }

    /** This text followed by {@code tail}. */
    Text append(Text tail) {
        if (length == 0) {
            return tail;
        }
        if (tail.length == 0) {
            return this;
        }
        return new Text(this, tail.toString(), length + tail.length, hash * tail.power + tail.hash, power * tail.power);
    }

    int length() {
        return length;
    }

    /**
     * False when this text is certainly not a prefix of {@code whole}: longer, or its last
     * piece differs from {@code whole} at that place. Only the last piece is compared, so a
     * long text costs no more than a short one; true may be wrong.
     */
    boolean mayBePrefixOf(Text whole) {
        if (length > whole.length) {
            return false;
        }
        if (whole.parent != null) {
            return true;
        }
        return whole.piece.regionMatches(length - piece.length(), piece, 0, piece.length());
    }

    @Override
    public boolean equals(Object o) {
        if (this == o) {
            return true;
        }
        if (!(o instanceof Text t) || t.length != length || t.hash != hash) {
            return false;
        }
        // The usual match: the same text with the same piece appended, reached by two paths.
        if (t.parent == parent && t.piece.length() == piece.length()) {
            return t.piece.equals(piece);
        }
        // Else piece by piece from the end (a read's flat value against a chain of appends),
        // without building either string.
        return parent == null ? t.endsAs(piece, length) : t.parent == null ? endsAs(t.piece, length) : sameChars(t);
    }

    /** This text equals the first {@code end} characters of {@code flat}. */
    private boolean endsAs(String flat, int end) {
        for (Text x = this; x != null; x = x.parent) {
            end -= x.piece.length();
            if (!flat.regionMatches(end, x.piece, 0, x.piece.length())) {
                return false;
            }
        }
        return true;
    }

    private boolean sameChars(Text t) {
        return endsAs(t.toString(), length);
    }

    @Override
    public int hashCode() {
        return (int) (hash ^ (hash >>> 32));
    }

    @Override
    public String toString() {
        if (parent == null) {
            return piece;
        }
        char[] out = new char[length];
        int end = length;
        for (Text t = this; t != null; t = t.parent) {
            end -= t.piece.length();
            t.piece.getChars(0, t.piece.length(), out, end);
        }
        return new String(out);
    }
}
