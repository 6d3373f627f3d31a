package io.faultline.checker.model;

/**
 * One operation as a model sees it, compiled once from an invocation and its completion.
 *
 * @param code          the model's own code for the function (fast to switch on)
 * @param f             the function name, for descriptions
 * @param key           the partition key (null for single-register models)
 * @param input         the argument (write value, cas [expected, new]); models normalise it
 * @param output        the result (value read); meaningless when {@code indeterminate}
 * @param indeterminate the outcome is unknown (info or never completed)
 */
public record Call(int code, String f, Object key, Object input, Object output, boolean indeterminate) {
}
