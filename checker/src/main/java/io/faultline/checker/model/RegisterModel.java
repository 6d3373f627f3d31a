package io.faultline.checker.model;

import io.faultline.checker.history.Op;
import java.util.List;

/**
 * A single register that starts as nil: {@code read}, {@code write}, and (for
 * {@code cas-register}) {@code cas [expected new]}, which swaps only if the register holds
 * {@code expected}.
 */
public final class RegisterModel implements Model {
    static final int READ = 0;
    static final int WRITE = 1;
    static final int CAS = 2;

    private final boolean withCas;

    private RegisterModel(boolean withCas) {
        this.withCas = withCas;
    }

    public static RegisterModel register() {
        return new RegisterModel(false);
    }

    public static RegisterModel casRegister() {
        return new RegisterModel(true);
    }

    @Override
    public String name() {
        return withCas ? "cas-register" : "register";
    }

    @Override
    public Call compile(Op invoke, Op completion) {
        boolean unknown = completion == null || completion.type() == Op.Type.INFO;
        switch (invoke.f()) {
            case "read": {
                Object read = unknown ? null : Values.scalar(completion.value(), "a read's value");
                return new Call(READ, "read", null, null, read, unknown);
            }
            case "write":
                return new Call(WRITE, "write", null, Values.scalar(invoke.value(), "a write's value"), null, unknown);
            case "cas":
                if (withCas) {
                    List<?> pair = Values.casPair(invoke.value());
                    return new Call(CAS, "cas", null, List.of(Values.scalar(pair.get(0), "cas expected"),
                            Values.scalar(pair.get(1), "cas new value")), null, unknown);
                }
                break;
            default:
                break;
        }
        throw new IllegalArgumentException("model " + name() + " has no function \"" + invoke.f()
                + "\" (it knows read, write" + (withCas ? ", cas)" : ")"));
    }

    @Override
    public Object initialState() {
        return Nil.NIL;
    }

    @Override
    public Object step(Object state, Call call) {
        switch (call.code()) {
            case READ:
                return RegisterSteps.read(state, call);
            case WRITE:
                return call.input();
            default:
                return RegisterSteps.cas(state, call);
        }
    }

    @Override
    public boolean isReadOnly(Call call) {
        return call.code() == READ;
    }

    @Override
    public boolean observes(Call observer, Call writer) {
        Object written = writer.code() == WRITE ? writer.input() : ((List<?>) writer.input()).get(1);
        return switch (observer.code()) {
            case READ -> !observer.indeterminate() && written.equals(observer.output());
            case CAS -> written.equals(((List<?>) observer.input()).get(0));
            default -> false;
        };
    }

    @Override
    public String describe(Call call) {
        switch (call.code()) {
            case READ:
                return call.indeterminate() ? "read → ?" : "read → " + Values.show(call.output());
            case WRITE:
                return "write " + Values.show(call.input());
            default: {
                List<?> pair = (List<?>) call.input();
                return "cas " + Values.show(pair.get(0)) + " → " + Values.show(pair.get(1))
                        + (call.indeterminate() ? " (outcome unknown)" : "");
            }
        }
    }

    @Override
    public String describeState(Object state) {
        return Values.show(state);
    }
}
