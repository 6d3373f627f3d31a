package io.faultline.harness.cli;

import io.faultline.harness.run.CheckerJudge;
import io.faultline.harness.run.HistoryJudge;

/** The judge the CLI uses. */
final class Judges {
    private Judges() {}

    static HistoryJudge checker() {
        return new CheckerJudge();
    }
}
