package io.faultline.checker;

import io.faultline.checker.verdict.Verdict;
import io.faultline.checker.history.History;
import io.faultline.checker.history.Op;
import io.faultline.checker.model.Model;
import io.faultline.checker.wgl.Budget;
import io.faultline.checker.wgl.DeadEnd;
import io.faultline.checker.wgl.SearchItem;
import io.faultline.checker.wgl.SearchOutcome;
import io.faultline.checker.wgl.Shrinker;
import io.faultline.checker.wgl.WglSearch;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Checks a history for linearizability: splits it into the model's partitions (P-compositionality:
 * a history is linearizable iff every partition is), searches them in parallel, and for each
 * violation finds the longest linearizable prefix, explains it and shrinks it.
 */
public final class Checker {

    /** Told after each partition, from a worker thread. */
    @FunctionalInterface
    public interface Progress {
        void partitionDone(int done, int total);

        Progress NONE = (done, total) -> { };
    }

    private Checker() {
    }

    /** @throws io.faultline.checker.history.HistoryException for malformed input */
    public static CheckResult check(List<Op> history, Model model, CheckOptions options) {
        return check(History.of(history), model, options, Progress.NONE);
    }

    /** @throws io.faultline.checker.history.HistoryException for malformed input */
    public static CheckResult check(History history, Model model, CheckOptions options) {
        return check(history, model, options, Progress.NONE);
    }

    public static CheckResult check(History history, Model model, CheckOptions options, Progress progress) {
        long start = System.nanoTime();
        return check(compile(history, model), options, progress, start);
    }

    /**
     * A history paired and compiled for one model: what reading it for a check ends with. The
     * bench times {@link #check(Compiled, CheckOptions)} from here, as Porcupine's driver times
     * its check from operations already paired.
     */
    public static final class Compiled {
        private final History history;
        private final Model model;
        private final List<SearchItem> items;

        private Compiled(History history, Model model, List<SearchItem> items) {
            this.history = history;
            this.model = model;
            this.items = items;
        }
    }

    /** @throws io.faultline.checker.history.HistoryException for malformed input */
    public static Compiled compile(History history, Model model) {
        return new Compiled(history, model, Partitioner.compile(history, model));
    }

    public static CheckResult check(Compiled compiled, CheckOptions options) {
        return check(compiled, options, Progress.NONE, System.nanoTime());
    }

    private static CheckResult check(Compiled compiled, CheckOptions options, Progress progress, long start) {
        History history = compiled.history;
        Model model = compiled.model;
        Map<Object, List<SearchItem>> parts = Partitioner.byKey(compiled.items);
        List<Map.Entry<Object, List<SearchItem>>> work = new ArrayList<>(parts.entrySet());
        // Biggest first, so the long ones do not start last.
        work.sort(Comparator.comparingInt((Map.Entry<Object, List<SearchItem>> e) -> -e.getValue().size()));
        Budget budget = new Budget(options.timeout().toNanos(), options.memoryLimitBytes(),
                humanDuration(options.timeout()));
        Explainer explainer = new Explainer(model, new Moments(history));
        PartitionResult[] results = new PartitionResult[work.size()];
        AtomicInteger done = new AtomicInteger();
        AtomicInteger shrinkSlots = new AtomicInteger(options.shrink() ? options.maxShrunk() : 0);
        List<Integer> all = new ArrayList<>();
        for (int i = 0; i < work.size(); i++) {
            all.add(i);
        }
        // Round one gives every partition a small search so that an easy violation is found (and
        // reported) whatever order the threads take; only the hard ones go on to round two.
        long cap = work.size() > 1 ? FIRST_ROUND_STATES : Long.MAX_VALUE;
        Round first = new Round(work, results, model, budget, explainer, shrinkSlots, done, progress, cap, false);
        runWorkers(first.over(all), Math.min(options.parallelism(), work.size()));
        List<Integer> deferred = new ArrayList<>();
        boolean violated = false;
        for (int i = 0; i < results.length; i++) {
            if (WglSearch.STATE_CAP.equals(results[i].cause())) {
                deferred.add(i);
            }
            violated |= results[i].verdict() == Verdict.NOT_LINEARIZABLE;
        }
        if (!deferred.isEmpty()) {
            if (violated && !options.checkAll()) {
                for (int i : deferred) {
                    results[i] = notChecked(work.get(i), NOT_CHECKED);
                }
            } else {
                Round second = new Round(work, results, model, budget, explainer, shrinkSlots, done, progress,
                        Long.MAX_VALUE, !options.checkAll());
                runWorkers(second.over(deferred), Math.min(options.parallelism(), deferred.size()));
            }
        }
        List<PartitionResult> ordered = new ArrayList<>(Arrays.asList(results));
        ordered.sort(Comparator.comparingInt(Checker::rank));
        Verdict verdict = Verdict.LINEARIZABLE;
        String cause = null;
        int operations = 0;
        for (PartitionResult r : ordered) {
            operations += r.operationCount();
            if (r.verdict() == Verdict.NOT_LINEARIZABLE) {
                verdict = Verdict.NOT_LINEARIZABLE;
                cause = null;
            } else if (r.verdict() == Verdict.UNKNOWN && verdict == Verdict.LINEARIZABLE) {
                verdict = Verdict.UNKNOWN;
                cause = r.keyedCause();
            }
        }
        return new CheckResult(history.source(), model.name(), verdict, cause, ordered, operations,
                Duration.ofNanos(System.nanoTime() - start));
    }

    private static int rank(PartitionResult r) {
        return switch (r.verdict()) {
            case NOT_LINEARIZABLE -> 0;
            case UNKNOWN -> 1;
            case LINEARIZABLE -> 2;
        };
    }

    private static final long FIRST_ROUND_STATES = 20_000;
    private static final String NOT_CHECKED =
            "not checked: another key is not linearizable (check all keys with --check-all)";

    private static PartitionResult notChecked(Map.Entry<Object, List<SearchItem>> part, String why) {
        return new PartitionResult(part.getKey(), Verdict.UNKNOWN, why, part.getValue().size(), 0, Duration.ZERO, null);
    }

    /** One pass of workers over some partitions. */
    private record Round(List<Map.Entry<Object, List<SearchItem>>> work, PartitionResult[] results, Model model,
            Budget budget, Explainer explainer, AtomicInteger shrinkSlots, AtomicInteger done, Progress progress,
            long maxStates, boolean stopAtViolation) {

        Runnable over(List<Integer> indices) {
            AtomicInteger next = new AtomicInteger();
            return () -> {
                int k;
                while ((k = next.getAndIncrement()) < indices.size()) {
                    int i = indices.get(k);
                    Map.Entry<Object, List<SearchItem>> part = work.get(i);
                    PartitionResult r = checkPartition(part.getKey(), part.getValue(), model, budget, explainer,
                            shrinkSlots, maxStates);
                    results[i] = r;
                    if (r.verdict() == Verdict.NOT_LINEARIZABLE && stopAtViolation) {
                        budget.stop(NOT_CHECKED);
                    }
                    if (!WglSearch.STATE_CAP.equals(r.cause())) {
                        progress.partitionDone(done.incrementAndGet(), work.size());
                    }
                }
            };
        }
    }

    private static PartitionResult checkPartition(Object key, List<SearchItem> items, Model model,
            Budget budget, Explainer explainer, AtomicInteger shrinkSlots, long maxStates) {
        long start = System.nanoTime();
        SearchOutcome out;
        try {
            // The first round's capped search skips the model's study of the partition: most
            // partitions are easy, and the hard ones come back for a second round with it.
            out = new WglSearch(model, items, maxStates == Long.MAX_VALUE).run(budget, true, maxStates);
        } catch (OutOfMemoryError e) {
            out = new SearchOutcome(Verdict.UNKNOWN, "out of memory (raise -Xmx or lower the memory limit)", null, 0);
        }
        Violation violation = null;
        if (out.verdict() == Verdict.NOT_LINEARIZABLE) {
            violation = violation(key, items, model, out, budget, explainer, shrinkSlots.getAndDecrement() > 0);
        }
        return new PartitionResult(key, out.verdict(), out.cause(), items.size(), out.statesVisited(),
                Duration.ofNanos(System.nanoTime() - start), violation);
    }

    private static Violation violation(Object key, List<SearchItem> items, Model model, SearchOutcome out,
            Budget budget, Explainer explainer, boolean shrink) {
        DeadEnd d = out.deadEnd();
        List<SearchItem> shrunk = List.of();
        boolean minimal = false;
        if (shrink) {
            // Shrinking is a courtesy: it must not starve the other partitions' searches.
            Budget shrinkBudget = budget.narrowedTo(Math.min(budget.remainingNanos() / 4, 20_000_000_000L));
            Shrinker.Shrunk s = new Shrinker(model, items, shrinkBudget, out.statesVisited()).shrink(d);
            shrunk = pick(items, s.kept());
            minimal = s.minimal();
        }
        return new Violation(
                refs(model, pick(items, d.prefix())),
                model.describeState(d.state()),
                ref(model, items.get(d.blocking())),
                refs(model, pick(items, d.candidates())),
                explainer.explain(key, items, d, shrunk, minimal),
                refs(model, shrunk),
                minimal);
    }

    private static List<SearchItem> pick(List<SearchItem> items, int[] positions) {
        List<SearchItem> out = new ArrayList<>(positions.length);
        for (int p : positions) {
            out.add(items.get(p));
        }
        return out;
    }

    private static List<OpRef> refs(Model model, List<SearchItem> items) {
        return items.stream().map(i -> ref(model, i)).toList();
    }

    static OpRef ref(Model model, SearchItem item) {
        Op completion = item.operation().completion();
        return new OpRef(item.operation().invoke().index(), completion == null ? -1 : completion.index(),
                item.operation().process(), model.describe(item.call()), item.indeterminate());
    }

    private static void runWorkers(Runnable worker, int threads) {
        if (threads <= 1) {
            worker.run();
            return;
        }
        ExecutorService pool = Executors.newFixedThreadPool(threads, r -> {
            Thread t = new Thread(r, "faultline-checker");
            t.setDaemon(true);
            return t;
        });
        try {
            List<Future<?>> futures = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                futures.add(pool.submit(worker));
            }
            for (Future<?> f : futures) {
                f.get();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while checking", e);
        } catch (java.util.concurrent.ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof RuntimeException re) {
                throw re;
            }
            if (cause instanceof Error err) {
                throw err;
            }
            throw new IllegalStateException(cause);
        } finally {
            pool.shutdownNow();
        }
    }

    static String humanDuration(Duration d) {
        long s = d.getSeconds();
        if (d.getNano() == 0 && s % 60 == 0 && s >= 60) {
            return (s / 60) + " min";
        }
        if (d.getNano() == 0) {
            return s + " s";
        }
        return d.toMillis() + " ms";
    }
}
