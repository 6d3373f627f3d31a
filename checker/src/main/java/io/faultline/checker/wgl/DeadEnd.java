package io.faultline.checker.wgl;

/**
 * Where the search got furthest before having to give up: item positions (into the
 * partition's item list).
 *
 * @param prefix     the longest sequence of items that could be linearized, in order
 * @param state      the model state after {@code prefix}
 * @param blocking   the item whose completion was reached without it being linearized
 * @param candidates the items that could have been linearized next (all were tried)
 */
public record DeadEnd(int[] prefix, Object state, int blocking, int[] candidates) {
}
