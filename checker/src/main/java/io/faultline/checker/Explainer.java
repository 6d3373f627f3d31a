package io.faultline.checker;

import io.faultline.checker.history.Operation;
import io.faultline.checker.model.Call;
import io.faultline.checker.model.Model;
import io.faultline.checker.model.Values;
import io.faultline.checker.wgl.DeadEnd;
import io.faultline.checker.wgl.SearchItem;
import java.util.ArrayList;
import java.util.List;

/** Writes the plain-words paragraph of a violation. */
final class Explainer {
    private static final int LISTED = 6;

    private final Model model;
    private final Moments moments;

    Explainer(Model model, Moments moments) {
        this.model = model;
        this.moments = moments;
    }

    String explain(Object key, List<SearchItem> items, DeadEnd d, List<SearchItem> shrunk, boolean minimal) {
        StringBuilder b = new StringBuilder();
        String subject = key == null ? "the register" : "key " + Values.show(key);
        SearchItem blocking = items.get(d.blocking());
        b.append(key == null ? "The history" : "Key " + Values.show(key)).append(" is not linearizable. ");
        if (d.prefix().length == 0) {
            b.append("Not even the first operation can be placed: ");
        } else {
            b.append("At most ").append(d.prefix().length).append(d.prefix().length == 1 ? " operation" : " operations")
                    .append(" can be put in an order consistent with both the model and real time, leaving ")
                    .append(subject).append(" at ").append(model.describeState(d.state())).append(". Then ");
        }
        b.append(op(blocking)).append(" had to take effect before it completed (")
                .append(moments.at(blocking.operation().completion())).append("), but ");
        Object after = model.step(d.state(), blocking.call());
        List<SearchItem> others = new ArrayList<>();
        for (int c : d.candidates()) {
            if (c != d.blocking()) {
                others.add(items.get(c));
            }
        }
        if (after == null) {
            b.append("it cannot happen while ").append(subject).append(" is ")
                    .append(model.describeState(d.state()));
            if (others.isEmpty()) {
                b.append(", and no other operation could come before it.");
            } else {
                b.append(", and no order of the ").append(others.size())
                        .append(others.size() == 1 ? " operation" : " operations")
                        .append(" that could come first (").append(list(others))
                        .append(") changes that without a later contradiction.");
            }
        } else {
            b.append("every order of it with the ").append(others.size())
                    .append(others.size() == 1 ? " operation" : " operations")
                    .append(" concurrent with it (").append(list(others))
                    .append(") leads to a contradiction.");
        }
        if (!shrunk.isEmpty()) {
            b.append(" Removing operations that do not matter leaves ").append(shrunk.size())
                    .append(shrunk.size() == 1 ? " operation that is" : " operations that are")
                    .append(" already not linearizable on ").append(shrunk.size() == 1 ? "its" : "their")
                    .append(" own").append(minimal ? " (removing any one of them, together with the operations that read what it wrote,"
                            + " leaves a linearizable history)" : "").append(": ")
                    .append(list(shrunk)).append('.');
        }
        return b.toString();
    }

    private String list(List<SearchItem> ops) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < ops.size() && i < LISTED; i++) {
            b.append(i == 0 ? "" : "; ").append(op(ops.get(i)));
        }
        if (ops.size() > LISTED) {
            b.append("; and ").append(ops.size() - LISTED).append(" more");
        }
        return b.toString();
    }

    /** e.g. {@code read → 3 by process 2 (invoked line 10, completed line 14)}. */
    String op(SearchItem item) {
        Operation o = item.operation();
        Call call = item.call();
        StringBuilder b = new StringBuilder(model.describe(call)).append(" by process ")
                .append(o.process()).append(" (").append(moments.at(o.invoke()));
        if (o.completion() == null) {
            b.append(", never completed");
        } else {
            b.append(" to ").append(moments.at(o.completion()));
            if (call.indeterminate()) {
                b.append(", outcome unknown");
            }
        }
        return b.append(')').toString();
    }
}
