package io.faultline.checker.history;

import java.util.List;

/**
 * The ops of one history in order, with where each came from, so that later stages (pairing,
 * models) can reject an op by file and line.
 *
 * @param source where the ops were read from (a file name, or {@code <memory>})
 * @param ops    the ops in history order; {@code ops.get(i).index() == i}
 * @param lines  the 1-based line of each op in the source
 */
public record History(String source, List<Op> ops, int[] lines) {

    public History {
        ops = List.copyOf(ops);
        if (lines.length != ops.size()) {
            throw new IllegalArgumentException("one line number per op is needed");
        }
    }

    /**
     * A history built in memory: op i is said to be on line i + 1, and ops whose index is not
     * their position are renumbered (a report refers to ops by index).
     */
    public static History of(List<Op> ops) {
        int[] lines = new int[ops.size()];
        List<Op> numbered = new java.util.ArrayList<>(ops.size());
        for (int i = 0; i < lines.length; i++) {
            lines[i] = i + 1;
            Op op = ops.get(i);
            numbered.add(op.index() == i ? op : op.withIndex(i));
        }
        return new History("<memory>", numbered, lines);
    }

    /**
     * True when every client op has a time: then ops are ordered by time; otherwise by line
     * (a history with some times missing cannot be ordered by them).
     */
    public boolean isTimed() {
        boolean any = false;
        for (Op op : ops) {
            if (op.isNemesis()) {
                continue;
            }
            if (op.time() == null) {
                return false;
            }
            any = true;
        }
        return any;
    }

    public int size() {
        return ops.size();
    }

    public int lineOf(int position) {
        return lines[position];
    }

    public HistoryException error(int position, String reason) {
        return new HistoryException(source, lineOf(position), reason);
    }
}
