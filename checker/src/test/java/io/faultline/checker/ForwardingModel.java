package io.faultline.checker;

import io.faultline.checker.history.Op;
import io.faultline.checker.model.Call;
import io.faultline.checker.model.Model;
import java.util.function.Function;
import java.util.function.Predicate;

/** A model that does what {@code real} does; tests break one rule by overriding one method. */
abstract class ForwardingModel implements Model {
    final Model real;

    ForwardingModel(Model real) {
        this.real = real;
    }

    @Override
    public String name() {
        return real.name();
    }

    @Override
    public Call compile(Op invoke, Op completion) {
        return real.compile(invoke, completion);
    }

    @Override
    public Object initialState() {
        return real.initialState();
    }

    @Override
    public Object step(Object state, Call call) {
        return real.step(state, call);
    }

    @Override
    public boolean isReadOnly(Call call) {
        return real.isReadOnly(call);
    }

    @Override
    public boolean observes(Call observer, Call writer) {
        return real.observes(observer, writer);
    }

    @Override
    public Function<Call, Predicate<Object>> reachability(Call[] partition) {
        return real.reachability(partition);
    }

    @Override
    public String describe(Call call) {
        return real.describe(call);
    }

    @Override
    public String describeState(Object state) {
        return real.describeState(state);
    }

    @Override
    public boolean sameState(Object a, Object b) {
        return real.sameState(a, b);
    }

    @Override
    public int stateHash(Object state) {
        return real.stateHash(state);
    }
}
