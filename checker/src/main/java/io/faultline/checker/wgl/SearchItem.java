package io.faultline.checker.wgl;

import io.faultline.checker.history.Operation;
import io.faultline.checker.model.Call;

/**
 * One operation of a partition, ready for the search.
 *
 * @param operation the invocation and completion
 * @param call      the model's view of it
 * @param callAt    when it was invoked (nanoseconds, or the line position)
 * @param returnAt  when it completed; ignored when the call is indeterminate
 */
public record SearchItem(Operation operation, Call call, long callAt, long returnAt) {

    public boolean indeterminate() {
        return call.indeterminate();
    }
}
