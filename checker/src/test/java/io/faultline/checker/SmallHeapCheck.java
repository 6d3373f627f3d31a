package io.faultline.checker;

import io.faultline.checker.bench.HistoryGenerator;
import io.faultline.checker.history.History;
import io.faultline.checker.model.Models;
import java.time.Duration;

/**
 * Run in a JVM with a small heap by {@link CheckerTest}: checks a history whose search needs far
 * more memory than that heap and prints the summary, which must be an unknown verdict from the
 * memory guard, not an OutOfMemoryError.
 */
public final class SmallHeapCheck {
    private SmallHeapCheck() {
    }

    public static void main(String[] args) {
        // 200 processes on 10 keys with 5 values: millions of configurations, hundreds of MiB.
        History hard = History.of(HistoryGenerator.generate(new HistoryGenerator.Spec("kv", 200, 10, 10_000, 0, 0, 1, 5)));
        CheckResult r = Checker.check(hard, Models.byName("kv"),
                CheckOptions.defaults().withTimeout(Duration.ofMinutes(10)).withShrink(false));
        System.out.println(r.verdict() + ": " + r.cause());
    }
}
