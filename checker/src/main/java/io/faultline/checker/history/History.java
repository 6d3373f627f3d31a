package io.faultline.checker.history;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.IntStream;

/**
 * The ops of one history as read, with where each came from (so that later stages can reject an
 * op by file and line), and the one real-time order every stage uses.
 *
 * <p>Real time: when every client op has a {@code time}, ops are ordered by it, whatever the
 * order of the lines (merged or imported files need not be sorted); otherwise by line. Ops at
 * the same moment keep their line order. Pairing, search, pruning, shrinking and explanations
 * all take their order from {@link #moment} and {@link #clientOpsInRealTimeOrder}.
 */
public final class History {
    private final String source;
    private final List<Op> ops;
    private final int[] lines;
    private final boolean timed;
    private final int[] realTimeOrder;

    /**
     * @param source where the ops were read from (a file name, or {@code <memory>})
     * @param ops    the ops in line order; {@code ops.get(i).index() == i}
     * @param lines  the 1-based line of each op in the source
     */
    public History(String source, List<Op> ops, int[] lines) {
        this.source = source;
        this.ops = List.copyOf(ops);
        if (lines.length != ops.size()) {
            throw new IllegalArgumentException("one line number per op is needed");
        }
        this.lines = lines.clone();
        this.timed = everyClientOpHasATime(this.ops);
        this.realTimeOrder = realTimeOrder();
    }

    /**
     * A history built in memory: op i is said to be on line i + 1, and ops whose index is not
     * their position are renumbered (a report refers to ops by index).
     */
    public static History of(List<Op> ops) {
        int[] lines = new int[ops.size()];
        List<Op> numbered = new ArrayList<>(ops.size());
        for (int i = 0; i < lines.length; i++) {
            lines[i] = i + 1;
            Op op = ops.get(i);
            numbered.add(op.index() == i ? op : op.withIndex(i));
        }
        return new History("<memory>", numbered, lines);
    }

    private static boolean everyClientOpHasATime(List<Op> ops) {
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

    public String source() {
        return source;
    }

    public List<Op> ops() {
        return ops;
    }

    public int[] lines() {
        return lines.clone();
    }

    /**
     * True when every client op has a time: then ops are ordered by time; otherwise by line
     * (a history with some times missing cannot be ordered by them).
     */
    public boolean isTimed() {
        return timed;
    }

    /**
     * When the op at {@code position} happened: its time when the history is timed, else its
     * position. Only the order of moments means anything, and only within one history.
     */
    public long moment(int position) {
        Long time = ops.get(position).time();
        return timed && time != null ? time : position;
    }

    /** The positions of the client ops in real-time order (same moment: line order). */
    public int[] clientOpsInRealTimeOrder() {
        return realTimeOrder.clone();
    }

    private int[] realTimeOrder() {
        int[] clients = IntStream.range(0, ops.size()).filter(i -> !ops.get(i).isNemesis()).toArray();
        long[] moments = new long[clients.length];
        boolean sorted = true;
        for (int k = 0; k < clients.length; k++) {
            moments[k] = moment(clients[k]);
            sorted &= k == 0 || moments[k] >= moments[k - 1];
        }
        if (sorted) {
            return clients;
        }
        // A stable sort on primitives: each moment becomes its rank among the distinct moments,
        // and rank and position packed in one long sort by rank, then by position (line).
        long[] distinct = moments.clone();
        Arrays.sort(distinct);
        int count = 0;
        for (int k = 0; k < distinct.length; k++) {
            if (k == 0 || distinct[k] != distinct[k - 1]) {
                distinct[count++] = distinct[k];
            }
        }
        long[] packed = new long[clients.length];
        for (int k = 0; k < clients.length; k++) {
            long rank = Arrays.binarySearch(distinct, 0, count, moments[k]);
            packed[k] = rank << 32 | clients[k];
        }
        Arrays.sort(packed);
        int[] order = new int[packed.length];
        for (int k = 0; k < packed.length; k++) {
            order[k] = (int) packed[k];
        }
        return order;
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
