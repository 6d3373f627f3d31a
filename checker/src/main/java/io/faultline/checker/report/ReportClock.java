package io.faultline.checker.report;

import io.faultline.checker.history.History;
import io.faultline.checker.history.Op;

/**
 * Where an op sits on a report's time axis: run seconds (microsecond precision) when the
 * history is timed, its line in the file otherwise, the numbers the explanation and the
 * tables quote. Whether the history is timed is decided once (it takes a pass over it).
 */
record ReportClock(History history, boolean timed) {
    static ReportClock of(History history) {
        return new ReportClock(history, history.isTimed());
    }

    double at(Op op) {
        return timed ? tick(op) / 1e6 : tick(op);
    }

    /** The same moment as a whole number: microseconds when timed, else the line (the page data's unit). */
    long tick(Op op) {
        return timed && op.time() != null ? Math.round(op.time() / 1e3) : history.lineOf((int) op.index());
    }
}
