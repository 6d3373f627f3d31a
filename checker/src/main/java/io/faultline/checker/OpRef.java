package io.faultline.checker;

/**
 * An operation as results refer to it.
 *
 * @param invokeIndex     the index of its invocation in the history
 * @param completionIndex the index of its completion; -1 when it never completed
 * @param process         its process
 * @param description     what the model makes of it, e.g. {@code get "k" → "3"}
 * @param indeterminate   its outcome is unknown (info)
 */
public record OpRef(long invokeIndex, long completionIndex, long process, String description,
        boolean indeterminate) {
}
