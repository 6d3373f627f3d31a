package io.faultline.checker.model;

import io.faultline.checker.history.Op;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * A sequential specification. States are immutable, non-null, and compared with
 * {@link #sameState}/{@link #stateHash}; a state describes one partition (for {@code kv}: the
 * value of one key), because the checker always splits a history by {@link Call#key()} first.
 *
 * <p>Adding a model is one class implementing this plus one line in {@link Models}.
 */
public interface Model {

    String name();

    /**
     * Compiles an invocation and its ok or info completion (null when the history ended) into
     * a {@link Call}.
     *
     * @throws IllegalArgumentException with the reason, for an unknown function or a bad value
     */
    Call compile(Op invoke, Op completion);

    Object initialState();

    /** The state after {@code call}, or null when {@code call} cannot happen in {@code state}. */
    Object step(Object state, Call call);

    /** True for calls that never change the state (reads): indeterminate ones can be dropped. */
    boolean isReadOnly(Call call);

    /**
     * Whether {@code observer}'s outcome could depend on {@code writer}'s effect (a read of the
     * value written, a cas expecting it). Shrinking removes a state-changing call only when no
     * call left behind observes it, which makes shrinking sound: a sub-history found not
     * linearizable proves the whole history is not. The default, always true, is safe.
     */
    default boolean observes(Call observer, Call writer) {
        return true;
    }

    /**
     * This model for one partition whose calls are {@code partition}: it may treat as one state
     * the states that no continuation made of these calls can tell apart. The default: itself.
     */
    default Model forPartition(Call[] partition) {
        return this;
    }

    /**
     * For the calls of one partition: for a determinate read, a test of whether a state can
     * still lead, by some sequence of those calls, to one in which the read succeeds; null when
     * no state can be ruled out. The search abandons a state the test rejects for a read still
     * to be linearized, so a test may answer yes wrongly (that only costs time) but never no
     * wrongly. Null, the default: no tests at all.
     */
    default Function<Call, Predicate<Object>> reachability(Call[] partition) {
        return null;
    }

    /** For example {@code put(k1, "a")} or {@code read → 3}. */
    String describe(Call call);

    String describeState(Object state);

    default boolean sameState(Object a, Object b) {
        return a.equals(b);
    }

    default int stateHash(Object state) {
        return state.hashCode();
    }
}
