package io.faultline.checker.history;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Pairs each client invocation with the next completion of the same process, in the history's
 * real-time order ({@link History#clientOpsInRealTimeOrder}). Nemesis ops are left out (the
 * report shows them; models never see them).
 */
public final class OperationPairing {
    private OperationPairing() {
    }

    /**
     * @return one {@link Operation} per client invocation, in real-time order of invocation
     *         (same moment: line order), which is the order the search relies on
     * @throws HistoryException for a completion without invocation (or timed before it), a
     *                          second open invocation of one process, or a completion whose
     *                          function differs from its call
     */
    public static List<Operation> pair(History history) {
        List<Op> ops = history.ops();
        int[] order = history.clientOpsInRealTimeOrder();
        ProcessIndex processes = new ProcessIndex();
        int[] open = new int[order.length]; // per process: the position of its open invocation, or -1
        Arrays.fill(open, -1);
        // Invocations in order, each with its completion once seen: a million-op history pairs
        // without a map entry or a throwaway record per operation.
        int[] invokes = new int[order.length];
        int[] slotOfInvoke = new int[ops.size()];
        Op[] completions = new Op[order.length];
        int count = 0;
        for (int i : order) {
            Op op = ops.get(i);
            int process = processes.of(op.process());
            int pending = open[process];
            if (op.type() == Op.Type.INVOKE) {
                if (pending >= 0) {
                    throw history.error(i, "process " + op.process()
                            + " invokes again" + at(history, i) + " while its invocation on line "
                            + history.lineOf(pending) + " has not completed");
                }
                open[process] = i;
                slotOfInvoke[i] = count;
                invokes[count++] = i;
            } else {
                if (pending < 0) {
                    throw orphan(history, i);
                }
                Op invoke = ops.get(pending);
                if (!invoke.f().equals(op.f())) {
                    throw history.error(i, "completion f \"" + op.f()
                            + "\" does not match its invocation's f \"" + invoke.f()
                            + "\" on line " + history.lineOf(pending));
                }
                open[process] = -1;
                completions[slotOfInvoke[pending]] = op;
            }
        }
        List<Operation> result = new ArrayList<>(count);
        for (int k = 0; k < count; k++) {
            result.add(new Operation(ops.get(invokes[k]), completions[k]));
        }
        return result;
    }

    private static String at(History history, int position) {
        return history.isTimed() ? " at time " + history.moment(position) : "";
    }

    /**
     * A completion with no open invocation. When an earlier line of its process invokes at a
     * later time, the times contradict each other, and the message says so.
     */
    private static HistoryException orphan(History history, int position) {
        Op completion = history.ops().get(position);
        if (history.isTimed()) {
            for (int j = position - 1; j >= 0; j--) {
                Op before = history.ops().get(j);
                if (before.process() != completion.process()) {
                    continue;
                }
                if (before.type() == Op.Type.INVOKE && history.moment(j) > history.moment(position)) {
                    return history.error(position, "the times contradict each other: this "
                            + completion.type().wireName() + " completion of process " + completion.process()
                            + " is at time " + history.moment(position) + ", before its invocation on line "
                            + history.lineOf(j) + " at time " + history.moment(j));
                }
                break;
            }
        }
        return history.error(position, "a " + completion.type().wireName() + " completion of process "
                + completion.process() + " without an open invocation");
    }
}
