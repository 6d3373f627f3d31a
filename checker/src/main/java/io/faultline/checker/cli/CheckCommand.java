package io.faultline.checker.cli;

import io.faultline.checker.CheckOptions;
import io.faultline.checker.CheckResult;
import io.faultline.checker.Checker;
import io.faultline.checker.PartitionResult;
import io.faultline.checker.verdict.Verdict;
import io.faultline.checker.history.History;
import io.faultline.checker.history.HistoryException;
import io.faultline.checker.history.HistoryReader;
import io.faultline.checker.model.Model;
import io.faultline.checker.model.ModelOptions;
import io.faultline.checker.model.Models;
import io.faultline.checker.report.HtmlReport;
import io.faultline.checker.report.ResultJson;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code faultline check}: checks histories for linearizability. */
@Command(name = "check", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Check histories (JSON Lines or Jepsen EDN) for linearizability.",
            "Exit codes: 0 linearizable, 1 not linearizable, 2 usage or input error, 3 unknown (timed out)."})
public final class CheckCommand implements Callable<Integer> {
    static final int EXIT_INPUT_ERROR = 2;

    @Spec
    CommandSpec spec;

    @Option(names = "--model", required = true, paramLabel = "NAME",
            description = "register, cas-register or kv")
    String model;

    @Option(names = "--timeout", paramLabel = "DURATION", defaultValue = "60s", converter = DurationConverter.class,
            description = "time budget per history, e.g. 500ms, 60s, 2m (default: ${DEFAULT-VALUE})")
    Duration timeout;

    @Option(names = "--report", paramLabel = "FILE",
            description = "write an HTML report here (and <name>.result.json beside it, e.g. report.result.json);"
                    + " with several histories,"
                    + " the history's name is added to FILE's name")
    Path report;

    @Option(names = "--json", description = "print the result as JSON on stdout instead of text")
    boolean json;

    @Option(names = "--missing-key", paramLabel = "nil|empty", defaultValue = "nil",
            description = "kv: what a get of an absent key returns (default: ${DEFAULT-VALUE};"
                    + " Porcupine's histories use empty)")
    String missingKey;

    @Option(names = "--check-all", description = "keep checking other keys after one is not linearizable")
    boolean checkAll;

    @Option(names = "--no-shrink", description = "do not search for a minimal counterexample")
    boolean noShrink;

    @Option(names = "--threads", paramLabel = "N", description = "partitions checked at once (default: cores)")
    Integer threads;

    @Parameters(paramLabel = "HISTORY", arity = "1..*", description = "history files (.jsonl, .edn)")
    List<Path> histories;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        Model m;
        try {
            m = Models.byName(model, ModelOptions.defaults().withMissingKey(ModelOptions.parseMissingKey(missingKey)));
        } catch (IllegalArgumentException e) {
            err.println("faultline check: " + e.getMessage());
            return EXIT_INPUT_ERROR;
        }
        CheckOptions options = CheckOptions.defaults().withTimeout(timeout).withCheckAll(checkAll).withShrink(!noShrink);
        if (threads != null) {
            if (threads < 1) {
                err.println("faultline check: --threads must be at least 1");
                return EXIT_INPUT_ERROR;
            }
            options = options.withParallelism(threads);
        }
        List<Object> jsonResults = new ArrayList<>();
        int exit = Verdict.LINEARIZABLE.exitCode();
        boolean inputError = false;
        for (Path file : histories) {
            try {
                History history = HistoryReader.readAny(file);
                CheckResult result;
                try (ProgressLine progress = new ProgressLine(err, file.toString())) {
                    result = Checker.check(history, m, options, progress);
                }
                if (json) {
                    jsonResults.add(ResultJson.toMap(result));
                } else {
                    printText(out, result);
                }
                if (report != null) {
                    Path html = reportFile(file);
                    HtmlReport.write(result, history, html);
                    // Named after the report, so a report written into a run directory leaves its result.json alone.
                    Path resultJson = html.resolveSibling(stem(html) + ".result.json");
                    ResultJson.write(result, resultJson);
                    err.println("report: " + html + " (and " + resultJson.getFileName() + ")");
                }
                exit = worse(exit, result.verdict().exitCode());
            } catch (HistoryException e) {
                err.println("faultline check: " + e.getMessage());
                inputError = true;
            } catch (IOException e) {
                err.println("faultline check: cannot write the report: " + e.getMessage());
                inputError = true;
            } catch (RuntimeException e) {
                // A bug of ours, not the user's: say so in one line rather than with a stack trace.
                err.println("faultline check: " + file + ": internal error (" + e.getClass().getSimpleName() + ": "
                        + e.getMessage() + "); please report it with the history");
                inputError = true;
            }
        }
        if (json) {
            out.println(ResultJson.toJson(histories.size() == 1 && jsonResults.size() == 1 ? jsonResults.get(0) : jsonResults));
        }
        out.flush();
        return inputError ? EXIT_INPUT_ERROR : exit;
    }

    /** Not linearizable (1) outranks unknown (3), which outranks linearizable (0). */
    private static int worse(int a, int b) {
        int[] rank = {0, 2, -1, 1};
        return rank[a] >= rank[b] ? a : b;
    }

    private Path reportFile(Path history) {
        if (histories.size() == 1) {
            return report;
        }
        String name = report.getFileName().toString();
        int dot = name.lastIndexOf('.');
        String base = dot > 0 ? name.substring(0, dot) : name;
        String ext = dot > 0 ? name.substring(dot) : ".html";
        return report.resolveSibling(base + "-" + stem(history) + ext);
    }

    private static String stem(Path p) {
        String n = p.getFileName().toString();
        int dot = n.lastIndexOf('.');
        return dot > 0 ? n.substring(0, dot) : n;
    }

    private static final int UNKNOWN_LISTED = 5;

    private static void printText(PrintWriter out, CheckResult r) {
        out.println(r.summary());
        for (PartitionResult p : r.violations()) {
            if (p.violation() != null) {
                out.println("  " + p.violation().explanation());
            }
        }
        if (r.verdict() == Verdict.UNKNOWN) {
            List<PartitionResult> unknown = r.partitions().stream()
                    .filter(p -> p.verdict() == Verdict.UNKNOWN && p.cause() != null).toList();
            // The summary gave the first cause already.
            for (PartitionResult p : unknown.subList(Math.min(1, unknown.size()), Math.min(UNKNOWN_LISTED, unknown.size()))) {
                out.println("  unknown: " + p.keyedCause());
            }
            if (unknown.size() > UNKNOWN_LISTED) {
                out.println("  ... and " + (unknown.size() - UNKNOWN_LISTED) + " more unknown keys (--json lists them all)");
            }
        }
    }

    /**
     * Prints "[check] FILE: 120/1000 partitions, 3.2 s" on stderr once a second, starting after
     * two seconds, so a long check shows it is alive even inside one big partition.
     */
    private static final class ProgressLine implements Checker.Progress, AutoCloseable {
        private final PrintWriter err;
        private final String name;
        private final long start = System.nanoTime();
        private final java.util.concurrent.ScheduledExecutorService ticker;
        private volatile int done;
        private volatile int total;

        ProgressLine(PrintWriter err, String name) {
            this.err = err;
            this.name = name;
            this.ticker = java.util.concurrent.Executors.newSingleThreadScheduledExecutor(r -> {
                Thread t = new Thread(r, "check-progress");
                t.setDaemon(true);
                return t;
            });
            ticker.scheduleAtFixedRate(this::print, 2, 1, java.util.concurrent.TimeUnit.SECONDS);
        }

        @Override
        public void partitionDone(int doneSoFar, int totalPartitions) {
            this.done = doneSoFar;
            this.total = totalPartitions;
        }

        private void print() {
            synchronized (err) {
                err.println(String.format(Locale.ROOT, "[check] %s: %d/%s partitions done, %.1f s", name, done,
                        total == 0 ? "?" : String.valueOf(total), (System.nanoTime() - start) / 1e9));
                err.flush();
            }
        }

        @Override
        public void close() {
            ticker.shutdownNow();
        }
    }
}
