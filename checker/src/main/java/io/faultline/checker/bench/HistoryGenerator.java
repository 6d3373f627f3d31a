package io.faultline.checker.bench;

import io.faultline.checker.history.Op;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Generates linearizable histories by simulating concurrent clients against a sequential
 * store: each operation is invoked, takes effect at some later step (its linearization point),
 * and completes later still, so histories have real concurrency and are linearizable by
 * construction. Some operations end as {@code info} (crashed clients, which then continue
 * under a new process number); half of those that had not taken effect yet take effect later,
 * as a request stuck in a real cluster's log does. A cas that does not match completes as
 * {@code fail}.
 */
public final class HistoryGenerator {

    /**
     * @param model       {@code kv}, {@code cas-register} or {@code register}
     * @param processes   concurrent client processes
     * @param keys        keys ({@code kv} only)
     * @param operations  invocations to generate
     * @param infoPercent percentage of operations that end indeterminate
     * @param nemesisEvery emit a nemesis start/stop event every this many events (0 = never)
     * @param seed        the random seed (print it; pass it back to reproduce)
     * @param values      distinct values written, drawn at random (0: kv writes unique strings,
     *                    registers the integers 0 to 4)
     * @param mix         which functions are called ({@link Mix#CLASSIC} for registers)
     */
    public record Spec(String model, int processes, int keys, int operations, int infoPercent, int nemesisEvery,
            long seed, int values, Mix mix) {

        public Spec(String model, int processes, int keys, int operations, int infoPercent, int nemesisEvery,
                long seed) {
            this(model, processes, keys, operations, infoPercent, nemesisEvery, seed, 0);
        }

        public Spec(String model, int processes, int keys, int operations, int infoPercent, int nemesisEvery,
                long seed, int values) {
            this(model, processes, keys, operations, infoPercent, nemesisEvery, seed, values, Mix.CLASSIC);
        }

        public Spec {
            if (!List.of("kv", "cas-register", "register").contains(model)) {
                throw new IllegalArgumentException("no generator for model " + model);
            }
            if (processes < 1 || keys < 1 || operations < 0 || infoPercent < 0 || infoPercent > 100 || values < 0) {
                throw new IllegalArgumentException("bad generator spec " + this);
            }
            if (mix != Mix.CLASSIC && !model.equals("kv")) {
                throw new IllegalArgumentException("mix " + mix + " is for the kv model");
            }
        }
    }

    /**
     * The functions a history calls. {@code CLASSIC}: get (read) / put (write) / cas / delete,
     * with {@code info} completions. The others are Porcupine's kv workload: get / put / append
     * in the proportions 40 / 60 / 0, 40 / 0 / 60 or 40 / 30 / 30, a missing key reads as the
     * empty string (check with {@code --missing-key empty}), appends add short unique tokens, and
     * a crashed client leaves its write without any completion (gets always complete); its
     * process never comes back (the client continues under a new one).
     */
    public enum Mix {
        CLASSIC, PUTS, APPENDS, MIXED;

        int putPercent() {
            return switch (this) {
                case PUTS -> 60;
                case APPENDS -> 0;
                default -> 30;
            };
        }
    }

    private enum Phase { IDLE, INVOKED, APPLIED }

    private static final class Client {
        long process;
        Phase phase = Phase.IDLE;
        String f;
        String key;
        Object value;
        Object result;
        boolean happened;
        long dueAt;
    }

    private final Spec spec;
    private final SplittableRandom random;
    private final Map<String, Object> store = new HashMap<>();
    private final List<Op> ops = new ArrayList<>();
    /** Operations that ended info before taking effect and will take effect later. */
    private final List<Client> late = new ArrayList<>();
    private long nextProcess;
    private long clock;
    private long writes;
    private long tokens;
    private boolean faulty;

    private HistoryGenerator(Spec spec) {
        this.spec = spec;
        this.random = new SplittableRandom(spec.seed());
    }

    public static List<Op> generate(Spec spec) {
        return new HistoryGenerator(spec).run();
    }

    private List<Op> run() {
        Client[] clients = new Client[spec.processes()];
        for (int i = 0; i < clients.length; i++) {
            clients[i] = new Client();
            clients[i].process = nextProcess++;
        }
        int invoked = 0;
        long events = 0;
        while (true) {
            boolean anyBusy = false;
            for (Client c : clients) {
                anyBusy |= c.phase != Phase.IDLE;
            }
            if (invoked >= spec.operations() && !anyBusy) {
                break;
            }
            events++;
            if (spec.nemesisEvery() > 0 && events % spec.nemesisEvery() == 0) {
                faulty = !faulty;
                String f = faulty ? "start-partition" : "stop-partition";
                ops.add(new Op(ops.size(), Op.NEMESIS, Op.Type.INFO, f, null,
                        faulty ? "isolated n" + (1 + random.nextInt(3)) : null, tick(), null, Map.of()));
            }
            applyLate(events);
            Client c = clients[random.nextInt(clients.length)];
            switch (c.phase) {
                case IDLE -> {
                    if (invoked < spec.operations()) {
                        invoke(c);
                        invoked++;
                    }
                }
                case INVOKED -> {
                    if (crashes(c) && random.nextInt(100) < spec.infoPercent() / 2) {
                        if (random.nextBoolean()) {
                            Client ghost = new Client();
                            ghost.f = c.f;
                            ghost.key = c.key;
                            ghost.value = c.value;
                            ghost.dueAt = events + 1 + random.nextInt(20 * spec.processes());
                            late.add(ghost);
                        }
                        complete(c, Op.Type.INFO); // timed out before it took effect
                    } else {
                        apply(c);
                    }
                }
                case APPLIED -> {
                    boolean crash = crashes(c) && random.nextInt(100) < (spec.infoPercent() + 1) / 2;
                    complete(c, crash ? Op.Type.INFO : c.happened ? Op.Type.OK : Op.Type.FAIL);
                }
            }
        }
        return ops;
    }

    /** Porcupine's workload crashes only writers: a get always completes. */
    private boolean crashes(Client c) {
        return spec.mix() == Mix.CLASSIC || !c.f.equals("get");
    }

    private void applyLate(long events) {
        for (int i = late.size() - 1; i >= 0; i--) {
            if (late.get(i).dueAt <= events) {
                apply(late.remove(i));
            }
        }
    }

    private long tick() {
        clock += 1 + random.nextInt(1000);
        return clock;
    }

    private String pickKey() {
        return spec.model().equals("kv") ? "k" + random.nextInt(spec.keys()) : null;
    }

    private Object current(String key) {
        return store.get(key == null ? "" : key);
    }

    private void invoke(Client c) {
        c.key = pickKey();
        int dice = random.nextInt(100);
        if (spec.mix() != Mix.CLASSIC) {
            c.f = dice < 40 ? "get" : dice < 40 + spec.mix().putPercent() ? "put" : "append";
            c.value = switch (c.f) {
                case "get" -> null;
                case "put" -> freshValue();
                default -> "x" + Long.toString(++tokens, 36) + " ";
            };
        } else {
            chooseClassic(c, dice);
        }
        c.phase = Phase.INVOKED;
        ops.add(new Op(ops.size(), c.process, Op.Type.INVOKE, c.f, c.key, c.value, tick(), null, Map.of()));
    }

    private void chooseClassic(Client c, int dice) {
        boolean kv = spec.model().equals("kv");
        boolean withCas = !spec.model().equals("register");
        Object known = current(c.key);
        if (dice < 40) {
            c.f = kv ? "get" : "read";
            c.value = null;
        } else if (dice < 70 || !withCas) {
            c.f = kv ? "put" : "write";
            c.value = freshValue();
        } else if (dice < 90 || !kv) {
            c.f = "cas";
            Object expected = random.nextBoolean() ? known : freshValueOrNil();
            List<Object> pair = new ArrayList<>(2);
            pair.add(expected);
            pair.add(freshValue());
            c.value = pair;
        } else {
            c.f = "delete";
            c.value = null;
        }
    }

    private Object freshValue() {
        writes++;
        boolean kv = spec.model().equals("kv");
        if (spec.values() > 0) {
            int v = random.nextInt(spec.values());
            return kv ? "v" + v : (Object) (long) v;
        }
        // Registers use a few small integers (like Jepsen's etcd test); kv uses unique strings.
        return kv ? "v" + writes : (Object) (long) random.nextInt(5);
    }

    private Object freshValueOrNil() {
        return random.nextInt(4) == 0 ? null : freshValue();
    }

    private void apply(Client c) {
        String slot = c.key == null ? "" : c.key;
        c.happened = true;
        switch (c.f) {
            case "get", "read" -> c.result = spec.mix() == Mix.CLASSIC ? store.get(slot) : store.getOrDefault(slot, "");
            case "put", "write" -> store.put(slot, c.value);
            case "append" -> store.merge(slot, c.value, (before, tail) -> (String) before + tail);
            case "delete" -> store.remove(slot);
            default -> {
                List<?> pair = (List<?>) c.value;
                if (java.util.Objects.equals(store.get(slot), pair.get(0))) {
                    store.put(slot, pair.get(1));
                } else {
                    c.happened = false;
                }
            }
        }
        c.phase = Phase.APPLIED;
    }

    private void complete(Client c, Op.Type type) {
        if (type == Op.Type.INFO && spec.mix() != Mix.CLASSIC) {
            c.phase = Phase.IDLE; // crashed without a word
            c.process = nextProcess++;
            return;
        }
        Object value = (c.f.equals("get") || c.f.equals("read")) ? (type == Op.Type.OK ? c.result : null) : c.value;
        ops.add(new Op(ops.size(), c.process, type, c.f, c.key, value, tick(),
                type == Op.Type.INFO ? "timeout" : type == Op.Type.FAIL ? "cas mismatch" : null, Map.of()));
        c.phase = Phase.IDLE;
        c.result = null;
        if (type == Op.Type.INFO) {
            c.process = nextProcess++;
        }
    }
}
