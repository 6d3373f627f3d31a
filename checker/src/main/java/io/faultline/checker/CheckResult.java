package io.faultline.checker;

import io.faultline.checker.verdict.Verdict;
import java.time.Duration;
import java.util.List;

/**
 * The answer for a whole history: not linearizable if any partition is not, else unknown if
 * any is unknown, else linearizable.
 *
 * @param source         where the history came from
 * @param model          the model's name
 * @param verdict        the overall verdict
 * @param cause          for unknown: the first cause met; null otherwise
 * @param partitions     every partition's result, violations first
 * @param operationCount client operations checked over all partitions
 * @param elapsed        wall time of the whole check
 */
public record CheckResult(String source, String model, Verdict verdict, String cause,
        List<PartitionResult> partitions, int operationCount, Duration elapsed) {

    public CheckResult {
        partitions = List.copyOf(partitions);
    }

    public List<PartitionResult> violations() {
        return partitions.stream().filter(p -> p.verdict() == Verdict.NOT_LINEARIZABLE).toList();
    }

    /**
     * One line, e.g. {@code history.jsonl: not linearizable (2 of 1000 keys) in 0.41 s, 9000
     * operations}; for unknown the first cause follows.
     */
    public String summary() {
        long bad = violations().size();
        long unknown = partitions.stream().filter(p -> p.verdict() == Verdict.UNKNOWN).count();
        StringBuilder b = new StringBuilder(source).append(": ").append(verdict.words());
        if (partitions.size() > 1 && (bad > 0 || unknown > 0)) {
            b.append(" (").append(bad > 0 ? bad + " not linearizable" : "")
                    .append(bad > 0 && unknown > 0 ? ", " : "")
                    .append(unknown > 0 ? unknown + " unknown" : "")
                    .append(" of ").append(partitions.size()).append(" keys)");
        }
        b.append(String.format(java.util.Locale.ROOT, " in %.2f s, %d operations",
                elapsed.toNanos() / 1e9, operationCount));
        if (cause != null) {
            b.append(": ").append(cause);
        }
        return b.toString();
    }
}
