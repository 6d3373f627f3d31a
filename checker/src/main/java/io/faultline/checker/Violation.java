package io.faultline.checker;

import java.util.List;

/**
 * Why a partition is not linearizable.
 *
 * @param longestPrefix         the longest linearizable prefix found, in linearization order
 * @param stateAfterPrefix      the model state it leaves
 * @param blocking              the operation that completed without being linearizable by then
 * @param couldNotLinearizeNext the operations that could have gone next, none of which works
 * @param explanation           the same in plain words
 * @param shrunk                a small sub-history that is still not linearizable (empty when
 *                              shrinking was off or not reached)
 * @param shrunkMinimal         true when no single operation can be removed from {@code shrunk}
 */
public record Violation(
        List<OpRef> longestPrefix,
        String stateAfterPrefix,
        OpRef blocking,
        List<OpRef> couldNotLinearizeNext,
        String explanation,
        List<OpRef> shrunk,
        boolean shrunkMinimal) {

    public Violation {
        longestPrefix = List.copyOf(longestPrefix);
        couldNotLinearizeNext = List.copyOf(couldNotLinearizeNext);
        shrunk = List.copyOf(shrunk);
    }
}
