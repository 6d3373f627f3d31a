package io.faultline.checker.wgl;

import io.faultline.checker.verdict.Verdict;

/**
 * @param verdict       the answer for the partition
 * @param cause         why the answer is unknown; null otherwise
 * @param deadEnd       the deepest dead end (recorded for violations); null otherwise
 * @param statesVisited distinct configurations the memo cache holds at the end
 */
public record SearchOutcome(Verdict verdict, String cause, DeadEnd deadEnd, long statesVisited) {
}
