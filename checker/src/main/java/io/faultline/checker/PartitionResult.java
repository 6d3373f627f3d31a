package io.faultline.checker;

import io.faultline.checker.verdict.Verdict;
import io.faultline.checker.model.Values;
import java.time.Duration;

/**
 * The answer for one partition (one key for {@code kv}; the whole history for registers).
 *
 * @param key            the partition's key as the history has it (a string, an integer, ...); null for single-register histories
 * @param verdict        its verdict
 * @param cause          why it is unknown; null otherwise
 * @param operationCount operations checked (fail completions and indeterminate reads dropped)
 * @param statesVisited  configurations explored
 * @param elapsed        search time
 * @param violation      details when not linearizable; null otherwise
 */
public record PartitionResult(Object key, Verdict verdict, String cause, int operationCount,
        long statesVisited, Duration elapsed, Violation violation) {

    /** The cause, naming the key when there is one: "key k17: time budget of 60 s ran out ...". */
    public String keyedCause() {
        return key == null || cause == null ? cause : "key " + Values.show(key) + ": " + cause;
    }
}
