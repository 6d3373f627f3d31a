package io.faultline.checker;

import io.faultline.checker.verdict.Verdict;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.faultline.checker.history.History;
import io.faultline.checker.history.Op;
import io.faultline.checker.model.Call;
import io.faultline.checker.model.Model;
import io.faultline.checker.model.ModelOptions;
import io.faultline.checker.model.Models;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.SplittableRandom;
import java.util.function.Function;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;

/**
 * On thousands of small random histories (random values, so both answers occur; many info,
 * fail and never-completed ops; lines shuffled when ops carry times) the checker agrees with a
 * brute-force search over every order, for every model. The brute force knows each operation
 * from the generator, not from the checker's reading, pairing or partitioning, so it checks
 * those too: no ordering or pruning rule may lose an answer.
 */
class BruteForceAgreementTest {
    private static final long SEED = 20_261_130L;
    private static final int HISTORIES_PER_MODEL = 1_200;
    private static final String[] MODELS = {"register", "cas-register", "kv"};
    private static final CheckOptions OPTIONS =
            CheckOptions.defaults().withTimeout(Duration.ofSeconds(10)).withParallelism(1);

    @Test
    void agreesWithBruteForceOnRandomSmallHistories() {
        SplittableRandom random = new SplittableRandom(SEED);
        for (String name : MODELS) {
            Model model = Models.byName(name);
            int[] verdicts = new int[2];
            for (int round = 0; round < HISTORIES_PER_MODEL; round++) {
                boolean timed = round % 4 != 0;
                Generated g = Generated.random(random, name, timed);
                boolean expected = bruteForce(model, g.operations());
                CheckResult r = Checker.check(History.of(g.lines()), model, OPTIONS);
                assertEquals(expected ? Verdict.LINEARIZABLE : Verdict.NOT_LINEARIZABLE, r.verdict(),
                        "seed " + SEED + ", " + name + " round " + round + ": " + g.lines());
                verdicts[expected ? 0 : 1]++;
            }
            assertTrue(verdicts[0] > HISTORIES_PER_MODEL / 10 && verdicts[1] > HISTORIES_PER_MODEL / 10,
                    name + ": both answers occur: " + Arrays.toString(verdicts));
        }
    }

    /**
     * The shape of the false alarms the comparison once found: two pending writes of the same
     * value whose lines are not in time order, and a read that only the earlier-called one
     * explains; with never-completed and with info writes, for every model.
     */
    @Test
    void agreesOnTheShapeOfTheOldFalseAlarms() {
        for (String name : MODELS) {
            boolean kv = name.equals("kv");
            Object zero = kv ? "v0" : 0L;
            for (boolean info : new boolean[] {false, true}) {
                Op lateWrite = timedOp(6, Op.Type.INVOKE, kv ? "put" : "write", zero, 3_582_490);
                Op earlyWrite = timedOp(0, Op.Type.INVOKE, kv ? "put" : "write", zero, 1_478_465);
                Op readCall = timedOp(3, Op.Type.INVOKE, kv ? "get" : "read", null, 1_070_461);
                Op readOk = timedOp(3, Op.Type.OK, kv ? "get" : "read", zero, 2_930_026);
                List<Op> lines = new ArrayList<>(List.of(lateWrite, earlyWrite, readCall, readOk));
                Op earlyInfo = timedOp(0, Op.Type.INFO, earlyWrite.f(), zero, 4_000_000);
                Op lateInfo = timedOp(6, Op.Type.INFO, lateWrite.f(), zero, 4_100_000);
                if (info) {
                    lines.addAll(List.of(earlyInfo, lateInfo));
                }
                List<Generated.Pending> operations = List.of(
                        new Generated.Pending(lateWrite, info ? lateInfo : null, 3_582_490, Long.MAX_VALUE),
                        new Generated.Pending(earlyWrite, info ? earlyInfo : null, 1_478_465, Long.MAX_VALUE),
                        new Generated.Pending(readCall, readOk, 1_070_461, 2_930_026));
                Model model = Models.byName(name);
                assertTrue(bruteForce(model, operations), name);
                assertEquals(Verdict.LINEARIZABLE, Checker.check(History.of(lines), model, OPTIONS).verdict(),
                        name + (info ? " with info writes" : ""));
            }
        }
    }

    private static Op timedOp(long process, Op.Type type, String f, Object value, long time) {
        boolean kv = f.equals("put") || f.equals("get");
        return new Op(0, process, type, f, kv ? "k" : null, value, time, null, Map.of());
    }

    /**
     * The comparison can fail: a checker that takes the shuffled lines as the order (here: the
     * same histories with their times removed) disagrees with the brute force on some of them.
     */
    @Test
    void lineOrderInsteadOfTimeOrderIsCaught() {
        SplittableRandom random = new SplittableRandom(SEED);
        int disagreements = 0;
        for (int round = 0; round < 300; round++) {
            String name = MODELS[round % MODELS.length];
            Model model = Models.byName(name);
            Generated g = Generated.random(random, name, true);
            List<Op> untimed = g.lines().stream().map(op -> new Op(op.index(), op.process(), op.type(), op.f(),
                    op.key(), op.value(), null, op.error(), op.extra())).toList();
            boolean expected = bruteForce(model, g.operations());
            try {
                Verdict v = Checker.check(History.of(untimed), model, OPTIONS).verdict();
                if (v != (expected ? Verdict.LINEARIZABLE : Verdict.NOT_LINEARIZABLE)) {
                    disagreements++;
                }
            } catch (io.faultline.checker.history.HistoryException e) {
                disagreements++; // in line order a completion may precede its invocation
            }
        }
        assertTrue(disagreements > 10, "line order must be caught, disagreements: " + disagreements);
    }

    /**
     * Four processes writing two values: identical operations run concurrently all the time, so
     * the rule that tries only the first-returning of identical candidates is exercised (trying
     * the last-returning one instead is caught here).
     */
    @Test
    void agreesWhenIdenticalOperationsOverlap() {
        SplittableRandom random = new SplittableRandom(SEED + 1);
        for (String name : List.of("register", "cas-register")) {
            Model model = Models.byName(name);
            for (int round = 0; round < 800; round++) {
                Generated g = Generated.random(random, name, round % 2 == 0, 4, 2, 9);
                boolean expected = bruteForce(model, g.operations());
                CheckResult r = Checker.check(History.of(g.lines()), model, OPTIONS);
                assertEquals(expected ? Verdict.LINEARIZABLE : Verdict.NOT_LINEARIZABLE, r.verdict(),
                        "seed " + (SEED + 1) + ", " + name + " round " + round + ": " + g.lines());
            }
        }
    }

    /**
     * The comparison can fail: a model that claims nothing observes anything lets the checker
     * drop every unknown write before the search, which some history must expose.
     */
    @Test
    void catchesAnUnsoundPruning() {
        SplittableRandom random = new SplittableRandom(SEED);
        Model honest = Models.byName("cas-register");
        Model liar = new Unobservant(honest);
        int disagreements = 0;
        for (int round = 0; round < 300; round++) {
            Generated g = Generated.random(random, "cas-register", round % 2 == 0);
            boolean expected = bruteForce(honest, g.operations());
            Verdict got = Checker.check(History.of(g.lines()), liar, OPTIONS).verdict();
            if (got != (expected ? Verdict.LINEARIZABLE : Verdict.NOT_LINEARIZABLE)) {
                disagreements++;
            }
        }
        assertTrue(disagreements > 0, "the lying model went unnoticed in 300 histories");
    }

    /**
     * Issue 30's shape, small: Porcupine's kv (get / put / append, a missing key reads ""), puts
     * of a few values (now and then an integer, on which an append cannot happen), appends of
     * unique tokens, writes that never complete; gets read what a simulated store held at some
     * moment of their call, now and then changed (a token dropped or moved, another value), so
     * both answers occur and a get sees pending appends through later ones.
     */
    @Test
    void agreesOnPorcupineKvWithUnansweredAppends() {
        SplittableRandom random = new SplittableRandom(SEED + 2);
        Model model = porcupineKv();
        int[] verdicts = new int[2];
        for (int round = 0; round < 1_500; round++) {
            Generated g = Generated.porcupineKv(random, round % 2 == 0);
            boolean expected = bruteForce(model, g.operations());
            CheckResult r = Checker.check(History.of(g.lines()), model, OPTIONS);
            assertEquals(expected ? Verdict.LINEARIZABLE : Verdict.NOT_LINEARIZABLE, r.verdict(),
                    "seed " + (SEED + 2) + ", round " + round + ": " + g.lines());
            verdicts[expected ? 0 : 1]++;
        }
        assertTrue(verdicts[0] > 150 && verdicts[1] > 150, "both answers occur: " + Arrays.toString(verdicts));
    }

    /**
     * The comparison can fail on that shape: a model claiming that an append depends on no
     * earlier write (so a pending put that made an integer appendable again is dropped) is
     * caught, so is one claiming that a get never sees an append, one that takes every appended
     * piece for unread, and one whose test of what a read can still see forgets that a put
     * starts the value afresh.
     */
    @Test
    void catchesAnUnsoundAppendRuleOnPorcupineKv() {
        Model honest = porcupineKv();
        List<Model> liars = List.of(
                new ForwardingModel(honest) {
                    @Override
                    public boolean observes(Call observer, Call writer) {
                        return !observer.f().equals("append") && super.observes(observer, writer);
                    }
                },
                new ForwardingModel(honest) {
                    @Override
                    public boolean observes(Call observer, Call writer) {
                        return !writer.f().equals("append") && super.observes(observer, writer);
                    }
                },
                new ForwardingModel(honest) {
                    @Override
                    public Model forPartition(Call[] partition) {
                        // Blind to the reads: every appended piece counts as unread.
                        return honest.forPartition(Arrays.stream(partition).filter(c -> !c.f().equals("get"))
                                .toArray(Call[]::new));
                    }
                },
                new ForwardingModel(honest) {
                    @Override
                    public Function<Call, Predicate<Object>> reachability(Call[] partition) {
                        return read -> read.output() == null ? null
                                : state -> read.output().toString().startsWith(state.toString());
                    }
                });
        for (Model liar : liars) {
            SplittableRandom random = new SplittableRandom(SEED + 2);
            int disagreements = 0;
            for (int round = 0; round < 1_500; round++) {
                Generated g = Generated.porcupineKv(random, round % 2 == 0);
                boolean expected = bruteForce(honest, g.operations());
                Verdict got = Checker.check(History.of(g.lines()), liar, OPTIONS).verdict();
                if (got != (expected ? Verdict.LINEARIZABLE : Verdict.NOT_LINEARIZABLE)) {
                    disagreements++;
                }
            }
            assertTrue(disagreements > 0, "liar " + liars.indexOf(liar) + " went unnoticed in 1,500 histories");
        }
    }

    private static Model porcupineKv() {
        return Models.byName("kv", ModelOptions.defaults().withMissingKey(ModelOptions.MissingKey.EMPTY_STRING));
    }

    /** The real model, except that it claims no call ever observes another. */
    private static final class Unobservant extends ForwardingModel {
        Unobservant(Model real) {
            super(real);
        }

        @Override
        public boolean observes(Call observer, Call writer) {
            return false;
        }
    }

    /**
     * An operation as the generator made it.
     *
     * @param callAt   when it was invoked
     * @param returnAt when it completed; {@link Long#MAX_VALUE} if it never did
     */
    record Generated(List<Op> lines, List<Pending> operations) {

        record Pending(Op invoke, Op completion, long callAt, long returnAt) {
            boolean failed() {
                return completion != null && completion.type() == Op.Type.FAIL;
            }
        }

        /**
         * Up to three processes at a time, 3 to 7 invocations; each completion is ok, info or
         * fail, and some invocations never complete. Timed histories get times (ties across
         * processes happen) and shuffled lines; untimed ones are ordered by line.
         */
        static Generated random(SplittableRandom random, String model, boolean timed) {
            return random(random, model, timed, 3, 3, 7);
        }

        /**
         * The same with {@code processes} at a time, writing {@code values} distinct values, 3
         * to {@code maxInvocations} invocations.
         */
        static Generated random(SplittableRandom random, String model, boolean timed, int processes, int values,
                int maxInvocations) {
            boolean kv = model.equals("kv");
            long[] ids = new long[processes];
            Arrays.setAll(ids, i -> i);
            Op[] open = new Op[processes];
            long[] openAt = new long[processes];
            long[] lastAt = new long[processes];
            Arrays.fill(lastAt, -1);
            List<Op> ops = new ArrayList<>();
            List<Pending> operations = new ArrayList<>();
            int[] slot = new int[processes];
            int invocations = 3 + random.nextInt(maxInvocations - 2);
            long clock = 0;
            while (invocations > 0 || Arrays.stream(open).anyMatch(o -> o != null)) {
                int p = random.nextInt(processes);
                if (open[p] == null && invocations == 0) {
                    if (random.nextInt(8) == 0) {
                        break; // the rest never complete
                    }
                    continue;
                }
                clock += random.nextInt(3); // 0: the same moment as the line before
                long at = timed ? Math.max(clock, lastAt[p] + 1) : ops.size();
                clock = Math.max(clock, at);
                lastAt[p] = at;
                if (open[p] == null) {
                    invocations--;
                    Op invoke = invoke(random, model, ids[p], at, timed, values);
                    open[p] = invoke;
                    openAt[p] = at;
                    slot[p] = operations.size();
                    operations.add(new Pending(invoke, null, at, Long.MAX_VALUE));
                    ops.add(invoke);
                } else {
                    Op invoke = open[p];
                    int dice = random.nextInt(10);
                    Op.Type type = dice < 6 ? Op.Type.OK : dice < 8 ? Op.Type.INFO : Op.Type.FAIL;
                    boolean read = invoke.f().equals("get") || invoke.f().equals("read");
                    Object value = read && type == Op.Type.OK
                            ? (random.nextInt(4) == 0 ? null : small(random, kv, values)) : invoke.value();
                    Op completion = new Op(0, invoke.process(), type, invoke.f(), invoke.key(), value,
                            timed ? at : null, null, Map.of());
                    operations.set(slot[p], new Pending(invoke, completion, openAt[p],
                            type == Op.Type.INFO ? Long.MAX_VALUE : at));
                    ops.add(completion);
                    open[p] = null;
                    if (type == Op.Type.INFO) {
                        ids[p] += processes; // a crashed client continues under a new process
                    }
                }
            }
            if (timed) {
                Collections.shuffle(ops, new Random(random.nextLong()));
            }
            return new Generated(ops, operations);
        }

        /**
         * Three processes, one or two keys, 3 to 8 invocations against a simulated store: each
         * write takes effect at a random moment between its call and its completion, or, for one
         * that never completes, maybe never; a get returns the value at a moment of its own,
         * changed one time in three.
         */
        static Generated porcupineKv(SplittableRandom random, boolean timed) {
            int processes = 3;
            Op[] open = new Op[processes];
            long[] openAt = new long[processes];
            boolean[] applied = new boolean[processes];
            Object[] result = new Object[processes];
            long[] ids = new long[processes];
            Arrays.setAll(ids, i -> i);
            Map<Object, Object> store = new HashMap<>();
            List<Op> ops = new ArrayList<>();
            List<Pending> operations = new ArrayList<>();
            int[] slot = new int[processes];
            int invocations = 3 + random.nextInt(6);
            int tokens = 0;
            long at = 0;
            while (invocations > 0 || Arrays.stream(open).anyMatch(o -> o != null)) {
                int p = random.nextInt(processes);
                long now = timed ? at++ : ops.size();
                Op invoke = open[p];
                if (invoke == null) {
                    if (invocations == 0) {
                        continue;
                    }
                    invocations--;
                    int dice = random.nextInt(10);
                    String f = dice < 4 ? "get" : dice < 7 ? "put" : "append";
                    Object value = switch (f) {
                        case "get" -> null;
                        case "put" -> random.nextInt(6) == 0 ? (Object) 7L : "v" + random.nextInt(2);
                        default -> "x" + tokens++ + " ";
                    };
                    Op op = new Op(0, ids[p], Op.Type.INVOKE, f, "k" + random.nextInt(2), value, timed ? now : null,
                            null, Map.of());
                    open[p] = op;
                    openAt[p] = now;
                    applied[p] = false;
                    slot[p] = operations.size();
                    operations.add(new Pending(op, null, now, Long.MAX_VALUE));
                    ops.add(op);
                } else if (!applied[p] && random.nextBoolean()) {
                    applied[p] = true; // its moment
                    result[p] = applyTo(store, invoke);
                } else if (!invoke.f().equals("get") && random.nextInt(5) == 0) {
                    open[p] = null; // crashed: no completion, ever; the client goes on as another process
                    ids[p] += processes;
                } else if (applied[p]) {
                    Object value = invoke.f().equals("get") ? changedNowAndThen(random, result[p]) : invoke.value();
                    Op done = new Op(0, invoke.process(), result[p] == null ? Op.Type.FAIL : Op.Type.OK, invoke.f(),
                            invoke.key(), value, timed ? now : null, null, Map.of());
                    operations.set(slot[p], new Pending(invoke, done, openAt[p], now));
                    ops.add(done);
                    open[p] = null;
                }
            }
            if (timed) {
                Collections.shuffle(ops, new Random(random.nextLong()));
            }
            return new Generated(ops, operations);
        }

        /** The store's answer to {@code op}: a get's value, a write's effect; null when it cannot happen. */
        private static Object applyTo(Map<Object, Object> store, Op op) {
            Object before = store.getOrDefault(op.key(), "");
            switch (op.f()) {
                case "get":
                    return before;
                case "put":
                    store.put(op.key(), op.value());
                    return op.value();
                default:
                    if (!(before instanceof String s)) {
                        return null; // an append to an integer fails
                    }
                    store.put(op.key(), s + op.value());
                    return op.value();
            }
        }

        private static Object changedNowAndThen(SplittableRandom random, Object value) {
            if (random.nextInt(3) != 0 || !(value instanceof String s)) {
                return value;
            }
            int cut = s.indexOf(' ');
            return switch (random.nextInt(3)) {
                case 0 -> cut < 0 ? s + "x9 " : s.substring(cut + 1); // a token or the put's value gone
                case 1 -> cut < 0 ? "v1" : s.substring(cut + 1) + s.substring(0, cut + 1); // moved to the end
                default -> s.startsWith("v0") ? "v1" + s.substring(2) : "v0" + s; // another put's value
            };
        }

        private static Op invoke(SplittableRandom random, String model, long process, long at, boolean timed,
                int values) {
            boolean kv = model.equals("kv");
            String[] fs = switch (model) {
                case "register" -> new String[] {"read", "write"};
                case "cas-register" -> new String[] {"read", "write", "cas"};
                default -> new String[] {"get", "put", "append", "cas", "delete"};
            };
            String f = fs[random.nextInt(fs.length)];
            Object value = switch (f) {
                case "read", "get", "delete" -> null;
                case "cas" -> Arrays.asList(random.nextInt(4) == 0 ? null : small(random, kv, values),
                        small(random, kv, values));
                case "append" -> "x" + random.nextInt(2);
                default -> small(random, kv, values);
            };
            String key = kv ? "k" + random.nextInt(2) : null;
            return new Op(0, process, Op.Type.INVOKE, f, key, value, timed ? at : null, null, Map.of());
        }

        private static Object small(SplittableRandom random, boolean kv, int values) {
            int v = random.nextInt(values);
            return kv ? (Object) ("v" + v) : (Object) (long) v;
        }
    }

    /**
     * Tries every order consistent with real time, each indeterminate op included or left out,
     * over the whole history at once (one state per key, no partitioning).
     */
    static boolean bruteForce(Model model, List<Generated.Pending> operations) {
        List<Call> calls = new ArrayList<>();
        List<long[]> spans = new ArrayList<>();
        for (Generated.Pending o : operations) {
            if (o.failed()) {
                continue;
            }
            Call c = model.compile(o.invoke(), o.completion());
            calls.add(c);
            spans.add(new long[] {o.callAt(), c.indeterminate() ? Long.MAX_VALUE : o.returnAt()});
        }
        return search(model, new HashMap<>(), calls, spans, new boolean[calls.size()]);
    }

    private static boolean search(Model model, Map<Object, Object> states, List<Call> calls, List<long[]> spans,
            boolean[] done) {
        boolean allDeterminateDone = true;
        for (int i = 0; i < calls.size(); i++) {
            if (!done[i] && !calls.get(i).indeterminate()) {
                allDeterminateDone = false;
            }
        }
        if (allDeterminateDone) {
            return true;
        }
        for (int i = 0; i < calls.size(); i++) {
            if (done[i] || !mayGoNext(i, spans, done)) {
                continue;
            }
            Call call = calls.get(i);
            Object before = states.getOrDefault(call.key(), model.initialState());
            Object after = model.step(before, call);
            if (after == null) {
                continue;
            }
            done[i] = true;
            states.put(call.key(), after);
            boolean ok = search(model, states, calls, spans, done);
            states.put(call.key(), before);
            done[i] = false;
            if (ok) {
                return true;
            }
        }
        return false;
    }

    /** No other pending op completed before op i was invoked (equal moments are concurrent). */
    private static boolean mayGoNext(int i, List<long[]> spans, boolean[] done) {
        for (int j = 0; j < spans.size(); j++) {
            if (j != i && !done[j] && spans.get(j)[1] < spans.get(i)[0]) {
                return false;
            }
        }
        return true;
    }
}
