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
            return String.format(Locale.ROOT, "%.3f s", op.time() / 1e9); // run seconds, as every report shows time
        }
        return "line " + history.lineOf((int) op.index());
    }
}
