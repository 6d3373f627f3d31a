package io.faultline.checker;

import io.faultline.checker.history.History;
import io.faultline.checker.history.Operation;
import io.faultline.checker.history.OperationPairing;
import io.faultline.checker.model.Call;
import io.faultline.checker.model.Model;
import io.faultline.checker.wgl.SearchItem;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Turns a history into the model's partitions of search items: pairs invocations with
 * completions, drops fail completions and indeterminate reads, compiles each operation with
 * the model (rejecting unknown functions with file and line) and groups by key.
 */
final class Partitioner {
    private Partitioner() {
    }

    /**
     * Key (null for single-register models) → items in real-time order of invocation, the order
     * {@link io.faultline.checker.wgl.WglSearch} relies on (it uses identical pending ops in list order).
     */
    static Map<Object, List<SearchItem>> partition(History history, Model model) {
        List<Operation> operations = OperationPairing.pair(history);
        Map<Object, List<SearchItem>> parts = new LinkedHashMap<>();
        for (Operation o : operations) {
            int position = (int) o.invoke().index();
            Call call;
            try {
                call = model.compile(o.invoke(), o.failed() ? null : o.completion());
            } catch (IllegalArgumentException e) {
                throw history.error(position, e.getMessage());
            }
            if (o.failed() || (call.indeterminate() && model.isReadOnly(call))) {
                continue;
            }
            long callAt = history.moment(position);
            long returnAt = o.completion() == null ? Long.MAX_VALUE : history.moment((int) o.completion().index());
            parts.computeIfAbsent(call.key(), k -> new ArrayList<>())
                    .add(new SearchItem(o, call, callAt, returnAt));
        }
        return parts;
    }
}
