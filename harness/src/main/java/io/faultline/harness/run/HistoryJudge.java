package io.faultline.harness.run;

import io.faultline.checker.history.Op;
import java.time.Duration;
import java.util.List;

/** Decides whether a recorded history is linearizable under a model. */
@FunctionalInterface
public interface HistoryJudge {
    Judgement judge(List<Op> history, String model, Duration timeout);
}
