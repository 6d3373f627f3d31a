package io.faultline.harness.junit;

import io.faultline.checker.history.HistoryReader;
import io.faultline.checker.history.Op;
import io.faultline.harness.run.RunResult;
import io.faultline.harness.run.RunStatus;
import java.nio.file.Path;
import java.util.List;
import org.opentest4j.AssertionFailedError;

/** The outcome of a {@link ChaosTest}, with assertions that name the report. */
public record ChaosResult(RunResult run) {
    public RunStatus status() {
        return run.status();
    }

    public Path directory() {
        return run.directory();
    }

    public Path report() {
        return run.report();
    }

    /** The recorded history, read back from history.jsonl. */
    public List<Op> history() {
        return HistoryReader.readAny(directory().resolve("history.jsonl")).ops();
    }

    /** Fails unless the run was linearizable and the cluster recovered. */
    public ChaosResult assertLinearizable() {
        if (run.status() != RunStatus.LINEARIZABLE) {
            throw new AssertionFailedError("chaos run " + run.status().words() + ": " + run.summary()
                    + "\nreport: " + report());
        }
        return this;
    }

    /** Fails unless the checker found a violation (for tests that plant a bug). */
    public ChaosResult assertViolation() {
        if (run.status() != RunStatus.VIOLATION) {
            throw new AssertionFailedError("expected a linearizability violation, got " + run.status().words() + ": "
                    + run.summary() + "\nreport: " + report());
        }
        return this;
    }
}
