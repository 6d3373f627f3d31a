package io.faultline.checker.history;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

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
        Map<Long, Integer> open = new HashMap<>();
        List<Operation> result = new ArrayList<>();
        Map<Integer, Integer> slotOfInvoke = new HashMap<>();
        for (int i : history.clientOpsInRealTimeOrder()) {
            Op op = ops.get(i);
            Integer pending = open.get(op.process());
            if (op.type() == Op.Type.INVOKE) {
                if (pending != null) {
                    throw history.error(i, "process " + op.process()
                            + " invokes again" + at(history, i) + " while its invocation on line "
                            + history.lineOf(pending) + " has not completed");
                }
                open.put(op.process(), i);
                slotOfInvoke.put(i, result.size());
                result.add(new Operation(op, null));
            } else {
                if (pending == null) {
                    throw orphan(history, i);
                }
                Op invoke = ops.get(pending);
                if (!invoke.f().equals(op.f())) {
                    throw history.error(i, "completion f \"" + op.f()
                            + "\" does not match its invocation's f \"" + invoke.f()
                            + "\" on line " + history.lineOf(pending));
                }
                open.remove(op.process());
                result.set(slotOfInvoke.remove(pending), new Operation(invoke, op));
            }
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
