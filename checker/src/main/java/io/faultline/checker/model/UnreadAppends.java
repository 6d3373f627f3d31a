package io.faultline.checker.model;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Finds the appended pieces of one kv partition that no read (and no cas) ever sees: pieces
 * that occur in no value a get returned or a cas expected. Each distinct read value is scanned
 * once per distinct piece length with a rolling hash, so a partition costs about the total
 * length of its distinct read values, not pieces times reads.
 */
final class UnreadAppends {
    private static final long BASE = 1_000_003L;

    private UnreadAppends() {
    }

    static Set<Text> find(Call[] partition) {
        Set<String> pieces = new HashSet<>();
        Set<String> seen = new HashSet<>();
        for (Call c : partition) {
            // An unknown append nobody read is dropped before the search anyway.
            if (c.code() == KvModel.APPEND && !c.indeterminate() && c.input() instanceof Text t) {
                pieces.add(t.toString());
            }
            Object read = c.code() == KvModel.GET && !c.indeterminate() ? c.output()
                    : c.code() == KvModel.CAS ? ((List<?>) c.input()).get(0) : null;
            if (read instanceof Text t) {
                seen.add(t.toString());
            }
        }
        Map<Integer, List<String>> byLength = new HashMap<>();
        for (String p : pieces) {
            byLength.computeIfAbsent(p.length(), k -> new ArrayList<>()).add(p);
        }
        List<PieceTable> tables = new ArrayList<>();
        for (List<String> same : byLength.values()) {
            tables.add(new PieceTable(same));
        }
        Set<String> unread = new HashSet<>(pieces);
        // The longest values first: they tend to carry the most pieces, so the scan ends early.
        List<String> values = new ArrayList<>(seen);
        values.sort(Comparator.comparingInt(String::length).reversed());
        List<String> scanned = new ArrayList<>();
        for (String v : values) {
            if (unread.isEmpty()) {
                break;
            }
            if (prefixOfRecent(v, scanned)) {
                continue; // what it holds was found in the longer value already
            }
            for (PieceTable t : tables) {
                t.markOccurrences(v, unread);
            }
            scanned.add(v);
        }
        Set<Text> out = new HashSet<>();
        for (String p : unread) {
            out.add(Text.of(p));
        }
        return out;
    }

    /**
     * A value read before more appends is a prefix of a later one: checking the last few values
     * scanned skips nearly all of them when a key only grows.
     */
    private static boolean prefixOfRecent(String v, List<String> scanned) {
        for (int i = scanned.size() - 1; i >= Math.max(0, scanned.size() - 8); i--) {
            if (scanned.get(i).startsWith(v)) {
                return true;
            }
        }
        return false;
    }

    /**
     * The pieces of one length by rolling hash, in an open-addressing table of primitive hashes,
     * so that sliding over a value allocates nothing.
     */
    private static final class PieceTable {
        private final int len;
        private final long[] hashes;
        private final String[][] pieces;
        private final long power;

        PieceTable(List<String> same) {
            this.len = same.get(0).length();
            int capacity = Integer.highestOneBit(Math.max(2, same.size() * 2 - 1)) << 1;
            this.hashes = new long[capacity];
            this.pieces = new String[capacity][];
            for (String p : same) {
                long h = hash(p, 0, len);
                int i = slot(h);
                pieces[i] = pieces[i] == null ? new String[] {p} : append(pieces[i], p);
                hashes[i] = h;
            }
            long pw = 1;
            for (int i = 1; i < len; i++) {
                pw *= BASE;
            }
            this.power = pw;
        }

        private int slot(long h) {
            int mask = hashes.length - 1;
            int i = (int) (h ^ (h >>> 29)) & mask;
            while (pieces[i] != null && hashes[i] != h) {
                i = (i + 1) & mask;
            }
            return i;
        }

        private static String[] append(String[] a, String p) {
            String[] b = java.util.Arrays.copyOf(a, a.length + 1);
            b[a.length] = p;
            return b;
        }

        /** Removes from {@code unread} every piece of this table that occurs in {@code v}. */
        void markOccurrences(String v, Set<String> unread) {
            if (len == 0) {
                unread.remove(""); // the empty piece is in every value
                return;
            }
            if (v.length() < len) {
                return;
            }
            long h = hash(v, 0, len);
            for (int at = 0; ; at++) {
                String[] candidates = pieces[slot(h)];
                if (candidates != null) {
                    for (String p : candidates) {
                        if (v.startsWith(p, at)) {
                            unread.remove(p);
                        }
                    }
                }
                if (at + len >= v.length()) {
                    return;
                }
                h = (h - v.charAt(at) * power) * BASE + v.charAt(at + len);
            }
        }
    }

    private static long hash(String s, int from, int to) {
        long h = 0;
        for (int i = from; i < to; i++) {
            h = h * BASE + s.charAt(i);
        }
        return h;
    }
}
