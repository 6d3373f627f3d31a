package io.faultline.checker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.faultline.checker.history.History;
import io.faultline.checker.history.Op;
import io.faultline.checker.history.Operation;
import io.faultline.checker.history.OperationPairing;
import io.faultline.checker.model.Call;
import io.faultline.checker.model.Model;
import io.faultline.checker.model.Models;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * On small random histories of all three models (random values, so both answers occur, many
 * info and fail ops; kv with appends and deletes) the checker agrees with a brute-force search
 * over every order: no pruning rule loses an answer.
 */
class BruteForceAgreementTest {
    private static final long SEED = 20_261_125L;
    private static final String[] MODELS = {"cas-register", "kv", "register"};

    @Test
    void agreesWithBruteForceOnRandomSmallHistories() {
        SplittableRandom random = new SplittableRandom(SEED);
        int[] verdicts = new int[2];
        for (int round = 0; round < 3000; round++) {
            String name = MODELS[round % MODELS.length];
            Model model = Models.byName(name);
            List<Op> history = randomHistory(random, name);
            boolean expected = bruteForce(model, history);
            CheckResult r = Checker.check(history, model, CheckOptions.defaults().withTimeout(Duration.ofSeconds(10)));
            assertEquals(expected ? Verdict.LINEARIZABLE : Verdict.NOT_LINEARIZABLE, r.verdict(),
                    "seed " + SEED + " round " + round + ": " + history);
            verdicts[expected ? 0 : 1]++;
        }
        assertTrue(verdicts[0] > 50 && verdicts[1] > 50, "both answers occur: " + Arrays.toString(verdicts));
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
            List<Op> history = randomHistory(random, "cas-register");
            boolean expected = bruteForce(honest, history);
            Verdict got = Checker.check(history, liar, CheckOptions.defaults().withShrink(false)).verdict();
            if (got != (expected ? Verdict.LINEARIZABLE : Verdict.NOT_LINEARIZABLE)) {
                disagreements++;
            }
        }
        assertTrue(disagreements > 0, "the lying model went unnoticed in 300 histories");
    }

    /** The real model, except that it claims no call ever observes another. */
    private record Unobservant(Model real) implements Model {
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
            return false;
        }

        @Override
        public String describe(Call call) {
            return real.describe(call);
        }

        @Override
        public String describeState(Object state) {
            return real.describeState(state);
        }
    }

    private static List<Op> randomHistory(SplittableRandom random, String model) {
        boolean kv = model.equals("kv");
        List<Op> ops = new ArrayList<>();
        int processes = 3;
        String[] open = new String[processes];
        Object[] openValue = new Object[processes];
        int invocations = 3 + random.nextInt(5);
        long[] ids = {0, 1, 2};
        while (invocations > 0 || Arrays.stream(open).anyMatch(o -> o != null)) {
            int p = random.nextInt(processes);
            long process = ids[p];
            if (open[p] == null) {
                if (invocations == 0) {
                    continue;
                }
                invocations--;
                int dice = random.nextInt(model.equals("register") ? 2 : kv ? 5 : 3);
                String f = switch (dice) {
                    case 0 -> kv ? "get" : "read";
                    case 1 -> kv ? "put" : "write";
                    case 2 -> "cas";
                    case 3 -> "delete";
                    default -> "append";
                };
                Object value = switch (dice) {
                    case 0, 3 -> null;
                    case 1, 4 -> small(random, kv);
                    default -> Arrays.asList(random.nextInt(4) == 0 ? null : small(random, kv), small(random, kv));
                };
                open[p] = f;
                openValue[p] = value;
                ops.add(Op.of(ops.size(), process, Op.Type.INVOKE, f, kv ? "k" : null, value));
            } else {
                int dice = random.nextInt(10);
                Op.Type type = dice < 6 ? Op.Type.OK : dice < 8 ? Op.Type.INFO : Op.Type.FAIL;
                boolean read = open[p].equals("get") || open[p].equals("read");
                Object value = read && type == Op.Type.OK ? readValue(random, kv) : openValue[p];
                ops.add(Op.of(ops.size(), process, type, open[p], kv ? "k" : null, value));
                open[p] = null;
                if (type == Op.Type.INFO) {
                    ids[p] += processes;
                }
            }
        }
        return ops;
    }

    private static Object readValue(SplittableRandom random, boolean kv) {
        int dice = random.nextInt(6);
        if (dice == 0) {
            return null;
        }
        return kv && dice == 1 ? small(random, true) + "" + small(random, true) : small(random, kv);
    }

    private static Object small(SplittableRandom random, boolean kv) {
        int v = random.nextInt(3);
        return kv ? (Object) ("v" + v) : (Object) (long) v;
    }

    /** Tries every order consistent with real time, each info op included or left out. */
    static boolean bruteForce(Model model, List<Op> ops) {
        List<Operation> pairs = OperationPairing.pair(History.of(ops));
        List<Call> calls = new ArrayList<>();
        List<long[]> spans = new ArrayList<>();
        for (Operation o : pairs) {
            if (o.failed()) {
                continue;
            }
            Call c = model.compile(o.invoke(), o.completion());
            calls.add(c);
            spans.add(new long[] {o.invoke().index(), c.indeterminate() ? Long.MAX_VALUE : o.completion().index()});
        }
        return search(model, model.initialState(), calls, spans, new boolean[calls.size()]);
    }

    private static boolean search(Model model, Object state, List<Call> calls, List<long[]> spans, boolean[] done) {
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
            Object after = model.step(state, calls.get(i));
            if (after == null) {
                continue;
            }
            done[i] = true;
            boolean ok = search(model, after, calls, spans, done);
            done[i] = false;
            if (ok) {
                return true;
            }
        }
        return false;
    }

    /** No other pending op completed before op i was invoked. */
    private static boolean mayGoNext(int i, List<long[]> spans, boolean[] done) {
        for (int j = 0; j < spans.size(); j++) {
            if (j != i && !done[j] && spans.get(j)[1] < spans.get(i)[0]) {
                return false;
            }
        }
        return true;
    }
}
