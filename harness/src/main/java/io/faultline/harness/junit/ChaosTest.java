package io.faultline.harness.junit;

import io.faultline.harness.cli.RunCommand;
import io.faultline.harness.system.faultline.FaultlineSystem;
import io.faultline.harness.generator.KeyDistribution;
import io.faultline.harness.run.CheckerJudge;
import io.faultline.harness.run.HistoryJudge;
import io.faultline.harness.run.RunConfig;
import io.faultline.harness.run.RunListener;
import io.faultline.harness.run.RunOption;
import io.faultline.harness.run.RunOptions;
import io.faultline.harness.run.Runner;
import io.faultline.harness.workload.Workload;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A chaos test as a JUnit test: the same run as {@code ./faultline run}, built in code.
 *
 * <pre>{@code
 * ChaosTest.kv().nodes(3).timeLimit(Duration.ofSeconds(30))
 *         .nemesis("kill,pause,partition").seed(42)
 *         .run()
 *         .assertLinearizable();   // fails with the report's path
 * }</pre>
 */
public final class ChaosTest {
    /** The options given, as {@code faultline run} takes them; the rest are its defaults. */
    private final Map<String, String> options = new LinkedHashMap<>();
    private final List<String> systemOptions = new ArrayList<>();
    private Path output = defaultOutput();
    private HistoryJudge judge = new CheckerJudge();
    private RunListener listener = new PrintingListener();

    private ChaosTest() {}

    public static ChaosTest kv() {
        return new ChaosTest();
    }

    public static ChaosTest register() {
        return new ChaosTest().option("--workload", Workload.REGISTER).keys(1);
    }

    /**
     * Any option of {@code faultline run} by its name, e.g. {@code option("--quiet-tail", "20s")}
     * or {@code option("--profile", "nightly")}: the methods below are this with a type.
     */
    public ChaosTest option(String name, String value) {
        if (!name.startsWith("--")) throw new IllegalArgumentException("an option starts with --: " + name);
        options.put(name, value);
        return this;
    }

    /**
     * Any run option with a value of its type, e.g. {@code set(RunOptions.QUIET_TAIL, Duration.ofSeconds(20))}:
     * every option of {@link RunOptions} without a method of its own here. Null: the option's default.
     */
    public <T> ChaosTest set(RunOption<T> option, T value) {
        if (value == null) {
            options.remove(option.flag());
            return this;
        }
        return option(option.flag(), RunOptions.valueText(option, value));
    }

    public ChaosTest nodes(int n) {
        return set(RunOptions.NODES, n);
    }

    public ChaosTest keys(int k) {
        return set(RunOptions.KEYS, k);
    }

    public ChaosTest keyDistribution(KeyDistribution d) {
        return set(RunOptions.KEY_DISTRIBUTION, d);
    }

    public ChaosTest opMix(String weights) {
        return option("--op-mix", weights);
    }

    public ChaosTest timeLimit(Duration d) {
        return set(RunOptions.TIME_LIMIT, d);
    }

    public ChaosTest concurrency(int c) {
        return set(RunOptions.CONCURRENCY, c);
    }

    /** Target operations per second over all workers; 0 = unlimited. */
    public ChaosTest rate(double opsPerSecond) {
        return set(RunOptions.RATE, opsPerSecond);
    }

    /** As {@code --nemesis}: e.g. "kill,pause,partition", "loss", "none". */
    public ChaosTest nemesis(String faults) {
        return option("--nemesis", faults);
    }

    public ChaosTest nemesisInterval(Duration d) {
        return set(RunOptions.NEMESIS_INTERVAL, d);
    }

    public ChaosTest faultDuration(Duration d) {
        return set(RunOptions.FAULT_DURATION, d);
    }

    public ChaosTest seed(long s) {
        return set(RunOptions.SEED, s);
    }

    public ChaosTest opTimeout(Duration d) {
        return set(RunOptions.OP_TIMEOUT, d);
    }

    public ChaosTest recoveryTimeout(Duration d) {
        return set(RunOptions.RECOVERY_TIMEOUT, d);
    }

    /** As {@code --system}: faultline (default), etcd, … */
    public ChaosTest system(String name) {
        return set(RunOptions.SYSTEM, name);
    }

    /** As {@code --system-opt name=value}. */
    public ChaosTest systemOption(String name, String value) {
        systemOptions.add(name + "=" + value);
        return this;
    }

    /** As {@code --node-flags}: the faultline system's node-flags option. */
    public ChaosTest nodeFlags(String flags) {
        return systemOption(FaultlineSystem.NODE_FLAGS, flags);
    }

    /** The image; default: the system's own. */
    public ChaosTest image(String i) {
        return set(RunOptions.IMAGE, i);
    }

    /** Where run directories go; default target/faultline-runs of the working directory. */
    public ChaosTest output(Path dir) {
        output = dir;
        return this;
    }

    public ChaosTest judge(HistoryJudge j) {
        judge = j;
        return this;
    }

    public ChaosTest listener(RunListener l) {
        listener = l;
        return this;
    }

    /** The run as {@code faultline run} makes it from these options: its declarations, defaults and checks. */
    public RunConfig config() {
        List<String> args = new ArrayList<>();
        options.forEach((name, value) -> args.add(name + "=" + value));
        systemOptions.forEach(o -> args.add("--system-opt=" + o));
        args.add("--out=" + output);
        return RunCommand.configOf(args);
    }

    /** Runs the test; the cluster is gone when this returns, whatever happened. */
    public ChaosResult run() {
        RunConfig c = config();
        listener.phase("seed " + c.seed() + "; re-run with: " + c.rerunCommand());
        try {
            return new ChaosResult(new Runner(c, judge, listener, io.faultline.harness.report.ReportWriter::writeRun, "junit").run());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the run directory under " + output, e);
        }
    }

    static Path defaultOutput() {
        return Path.of("target", "faultline-runs");
    }

    /** Phases to stdout, progress every ten seconds: enough for a build log. */
    static final class PrintingListener implements RunListener {
        private long last;

        @Override
        public void phase(String message) {
            System.out.println("[faultline] " + message);
        }

        @Override
        public void progress(Progress p) {
            if (System.nanoTime() - last > 10_000_000_000L) {
                System.out.println("[faultline] " + p.line());
                last = System.nanoTime();
            }
        }
    }
}
