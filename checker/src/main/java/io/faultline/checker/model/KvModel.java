package io.faultline.checker.model;

import io.faultline.checker.history.Op;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * A map of independent keys with {@code get}, {@code put}, {@code append}, {@code cas}
 * {@code [expected new]} ({@code expected} nil = key absent) and {@code delete}. The checker
 * partitions by key, so a state here is the value of one key.
 */
public final class KvModel implements Model {
    static final int GET = 0;
    static final int PUT = 1;
    static final int APPEND = 2;
    static final int CAS = 3;
    static final int DELETE = 4;

    /**
     * The state of a key whose value ends in appends no read saw: no get or cas can match it
     * until a put, cas or delete replaces it, so all such values are one state to the search
     * (otherwise every order of the unread appends is a state of its own).
     */
    static final Object UNREAD = new Object() {
        @Override
        public String toString() {
            return "a value with appends that no read saw";
        }
    };

    /** The state of an absent key: {@link Nil#NIL}, or "" in Porcupine's histories. */
    private final Object missing;
    /** In a model for one partition: the appended pieces no read of it sees. */
    private final Set<Text> unread;

    public KvModel(ModelOptions options) {
        this(options.missingKey() == ModelOptions.MissingKey.EMPTY_STRING ? Text.EMPTY : Nil.NIL, Set.of());
    }

    private KvModel(Object missing, Set<Text> unread) {
        this.missing = missing;
        this.unread = unread;
    }

    @Override
    public Model forPartition(Call[] partition) {
        Set<Text> pieces = UnreadAppends.find(partition);
        return pieces.isEmpty() ? this : new KvModel(missing, pieces);
    }

    @Override
    public String name() {
        return "kv";
    }

    /** Strings become {@link Text} so appends stay cheap; nil becomes the missing-key state. */
    private Object value(Object v, String what) {
        Object s = Values.scalar(v, what);
        if (s == Nil.NIL) {
            return missing;
        }
        return s instanceof String str ? Text.of(str) : s;
    }

    @Override
    public Call compile(Op invoke, Op completion) {
        boolean unknown = completion == null || completion.type() == Op.Type.INFO;
        Object key = invoke.key();
        if (key == null) {
            throw new IllegalArgumentException("a kv op needs a key");
        }
        switch (invoke.f()) {
            case "get":
                return new Call(GET, "get", key, null,
                        unknown ? null : value(completion.value(), "a get's value"), unknown);
            case "put":
                return new Call(PUT, "put", key, value(invoke.value(), "a put's value"), null, unknown);
            case "append": {
                Object v = Values.scalar(invoke.value(), "an append's value");
                if (!(v instanceof String)) {
                    throw new IllegalArgumentException("an append's value must be a string, got "
                            + Values.show(invoke.value()));
                }
                return new Call(APPEND, "append", key, Text.of((String) v), null, unknown);
            }
            case "cas": {
                List<?> pair = Values.casPair(invoke.value());
                return new Call(CAS, "cas", key, List.of(value(pair.get(0), "cas expected"),
                        value(pair.get(1), "cas new value")), null, unknown);
            }
            case "delete":
                return new Call(DELETE, "delete", key, null, null, unknown);
            default:
                throw new IllegalArgumentException("model kv has no function \"" + invoke.f()
                        + "\" (it knows get, put, append, cas, delete)");
        }
    }

    @Override
    public Object initialState() {
        return missing;
    }

    @Override
    public Object step(Object state, Call call) {
        switch (call.code()) {
            case GET:
                return RegisterSteps.read(state, call);
            case PUT:
                return call.input();
            case APPEND:
                return append(state, (Text) call.input());
            case DELETE:
                return missing;
            default:
                return RegisterSteps.cas(state, call);
        }
    }

    /**
     * Appending to an absent key sets it; to a string extends it. A store refuses to append to an
     * integer, so that step cannot happen: an ok append there is a violation, an info one never
     * took effect.
     */
    private Object append(Object state, Text tail) {
        boolean appendable = state instanceof Text || state == Nil.NIL || state == UNREAD;
        if (!appendable) {
            return null;
        }
        if (state == UNREAD || unread.contains(tail)) {
            return UNREAD;
        }
        return state instanceof Text t ? t.append(tail) : tail;
    }

    @Override
    public boolean isReadOnly(Call call) {
        return call.code() == GET;
    }

    @Override
    public boolean observes(Call observer, Call writer) {
        if (observer.code() == APPEND) {
            // An append succeeds on a string or an absent key, not on an integer, so it depends
            // on a writer that may have turned an integer back into something appendable. The
            // value it builds carries what was there before, but a read that sees a writer
            // through it sees the writer's value or token itself, which the read's own test
            // below catches.
            return leavesAppendable(writer);
        }
        Object seen = switch (observer.code()) {
            case GET -> observer.indeterminate() ? null : observer.output();
            case CAS -> ((List<?>) observer.input()).get(0);
            default -> null;
        };
        if (seen == null) {
            return false;
        }
        seen = plain(seen);
        return switch (writer.code()) {
            case PUT -> startsWith(seen, plain(writer.input()));
            case APPEND -> seen instanceof String s && s.contains(writer.input().toString());
            // A string built by appends after a delete is seen through those appends, which
            // observe the delete themselves (it leaves the key appendable).
            case DELETE -> seen.equals(plain(missing)) || (seen instanceof String && missing instanceof Text);
            case CAS -> startsWith(seen, plain(((List<?>) writer.input()).get(1)));
            default -> false;
        };
    }

    /** A write after which an append can run, whatever the state before it was. */
    private static boolean leavesAppendable(Call writer) {
        Object written = switch (writer.code()) {
            case PUT -> writer.input();
            case CAS -> ((List<?>) writer.input()).get(1);
            case DELETE -> Text.EMPTY;
            default -> null; // an append needs an appendable state already
        };
        return written instanceof Text || written == Nil.NIL;
    }

    private static Object plain(Object v) {
        return v instanceof Text t ? t.toString() : v;
    }

    /** The value seen equals the one written, or extends it by appends. */
    private static boolean startsWith(Object seen, Object written) {
        return seen.equals(written) || (seen instanceof String s && written instanceof String w && s.startsWith(w));
    }

    /**
     * Appends only ever extend a key's value: a get of {@code v} can follow a state only if the
     * state is a prefix of {@code v}, or if {@code v} extends a value that a put, a cas or a
     * delete of the partition can set afresh (then any state can lead to it).
     */
    @Override
    public Function<Call, Predicate<Object>> reachability(Call[] partition) {
        List<Text> fresh = new ArrayList<>();
        for (Call c : partition) {
            Object set = switch (c.code()) {
                case PUT -> c.input();
                case CAS -> ((List<?>) c.input()).get(1);
                case DELETE -> Text.EMPTY; // then appends build any string from nothing
                default -> null;
            };
            if (set instanceof Text t && !fresh.contains(t)) {
                fresh.add(t);
            }
        }
        return read -> {
            if (read.code() != GET || !(read.output() instanceof Text v)) {
                return null;
            }
            for (Text f : fresh) {
                if (f.mayBePrefixOf(v)) {
                    return null;
                }
            }
            return state -> state instanceof Text t ? t.mayBePrefixOf(v) : state == Nil.NIL;
        };
    }

    @Override
    public String describe(Call call) {
        String k = Values.show(call.key());
        switch (call.code()) {
            case GET:
                return "get " + k + " → " + (call.indeterminate() ? "?" : Values.show(call.output()));
            case PUT:
                return "put " + k + " " + Values.show(call.input());
            case APPEND:
                return "append " + k + " " + Values.show(call.input());
            case DELETE:
                return "delete " + k;
            default: {
                List<?> pair = (List<?>) call.input();
                return "cas " + k + " " + Values.show(pair.get(0)) + " → " + Values.show(pair.get(1))
                        + (call.indeterminate() ? " (outcome unknown)" : "");
            }
        }
    }

    @Override
    public String describeState(Object state) {
        return state == Nil.NIL ? "absent" : state == UNREAD ? state.toString() : Values.show(state);
    }
}
