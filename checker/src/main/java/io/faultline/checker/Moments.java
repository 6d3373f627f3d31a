package io.faultline.checker;

import io.faultline.checker.history.History;
import io.faultline.checker.history.Op;
import java.util.Locale;

/** Says when an op happened: by time when the history has times, else by line. */
final class Moments {
    private final History history;
    private final boolean timed;

    Moments(History history) {
        this.history = history;
        this.timed = history.isTimed();
    }

    String at(Op op) {
        if (timed && op.time() != null) {
            return String.format(Locale.ROOT, "t=%.3f ms", op.time() / 1e6);
        }
        return "line " + history.lineOf((int) op.index());
    }
}
