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
     * The operations the search needs, compiled, in real-time order of invocation (the order
     * {@link io.faultline.checker.wgl.WglSearch} relies on: it uses identical pending ops in list
     * order): fail completions and indeterminate reads left out.
     */
    static List<SearchItem> compile(History history, Model model) {
        List<Operation> operations = OperationPairing.pair(history);
        List<SearchItem> items = new ArrayList<>(operations.size());
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
            items.add(new SearchItem(o, call, callAt, returnAt));
        }
        return items;
    }

    /** The items grouped by key, each group in the order given. */
    static Map<Object, List<SearchItem>> byKey(List<SearchItem> items) {
        Map<Object, List<SearchItem>> parts = new LinkedHashMap<>();
        for (SearchItem item : items) {
            parts.computeIfAbsent(item.call().key(), k -> new ArrayList<>()).add(item);
        }
        return parts;
    }
}
