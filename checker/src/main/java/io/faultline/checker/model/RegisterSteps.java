package io.faultline.checker.model;

import java.util.List;

/** The steps a register and one key of a kv map share. A null result means "cannot happen here". */
final class RegisterSteps {
    private RegisterSteps() {}

    /** A read must return the state; one with an unknown outcome returned nothing we know of. */
    static Object read(Object state, Call call) {
        return call.indeterminate() || state.equals(call.output()) ? state : null;
    }

    /** cas [expected, new]: swaps on a match; an info cas that did not match had no effect. */
    static Object cas(Object state, Call call) {
        List<?> pair = (List<?>) call.input();
        if (state.equals(pair.get(0))) {
            return pair.get(1);
        }
        return call.indeterminate() ? state : null;
    }
}
