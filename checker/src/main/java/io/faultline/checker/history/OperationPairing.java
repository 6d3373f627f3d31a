package io.faultline.checker.history;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Pairs each client invocation with the next completion of the same process, in history order.
 * Nemesis ops are left out (the report shows them; models never see them).
 */
public final class OperationPairing {
    private OperationPairing() {
    }

    /**
     * @return one {@link Operation} per client invocation, in invocation order
     * @throws HistoryException for a completion without invocation, a second open invocation of
     *                          one process, or a completion whose function differs from its call
     */
    public static List<Operation> pair(History history) {
        List<Op> ops = history.ops();
        Map<Long, Integer> open = new HashMap<>();
        List<Operation> result = new ArrayList<>();
        Map<Integer, Integer> slotOfInvoke = new HashMap<>();
        for (int i = 0; i < ops.size(); i++) {
            Op op = ops.get(i);
            if (op.isNemesis()) {
                continue;
            }
            Integer pending = open.get(op.process());
            if (op.type() == Op.Type.INVOKE) {
                if (pending != null) {
                    throw history.error(i, "process " + op.process()
                            + " invokes again while its invocation on line "
                            + history.lineOf(pending) + " has not completed");
                }
                open.put(op.process(), i);
                slotOfInvoke.put(i, result.size());
                result.add(new Operation(op, null));
            } else {
                if (pending == null) {
                    throw history.error(i, "a " + op.type().wireName() + " completion of process "
                            + op.process() + " without an open invocation");
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
}
