package io.faultline.checker.history;

/**
 * A client invocation paired with its completion.
 *
 * @param invoke     the invocation
 * @param completion the ok, fail or info completion; null when the history ended first
 *                   (indeterminate, like info)
 */
public record Operation(Op invoke, Op completion) {

    /** True when the op may or may not have taken effect (info, or never completed). */
    public boolean indeterminate() {
        return completion == null || completion.type() == Op.Type.INFO;
    }

    /** True when the op certainly did not happen (fail). */
    public boolean failed() {
        return completion != null && completion.type() == Op.Type.FAIL;
    }

    public long process() {
        return invoke.process();
    }
}
