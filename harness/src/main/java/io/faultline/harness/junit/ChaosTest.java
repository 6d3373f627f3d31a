package io.faultline.harness.junit;

import io.faultline.harness.cluster.ClusterSpec;
import io.faultline.harness.systems.Systems;
import io.faultline.harness.system.faultline.FaultlineSystem;
import io.faultline.harness.generator.KeyDistribution;
import io.faultline.harness.generator.OpMix;
import io.faultline.harness.nemesis.FaultPackages;
import io.faultline.harness.run.CheckerJudge;
import io.faultline.harness.run.HistoryJudge;
import io.faultline.harness.run.RunConfig;
import io.faultline.harness.run.RunListener;
import io.faultline.harness.run.Runner;
import io.faultline.harness.workload.Workload;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;

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
    private int nodes = 5;
    private String workload = Workload.KV;
    private int keys = 10;
    private KeyDistribution distribution = KeyDistribution.UNIFORM;
    private OpMix mix;
    private Duration timeLimit = Duration.ofSeconds(60);
    private int concurrency = 10;
    private double rate = 200;
    private String nemesis = "kill,pause,partition";
    private Duration interval = Duration.ofSeconds(10);
    private Duration faultDuration;
    private Long seed;
    private Duration opTimeout = Duration.ofMillis(1500);
    private Duration recoveryTimeout = Duration.ofSeconds(30);
    private Duration checkTimeout = Duration.ofMinutes(2);
    private String system = Systems.DEFAULT;
    private final java.util.Map<String, String> systemOptions = new java.util.LinkedHashMap<>();
    private String image;
    private Path output = defaultOutput();
    private HistoryJudge judge = new CheckerJudge();
    private RunListener listener = new PrintingListener();

    private ChaosTest() {}

    public static ChaosTest kv() {
        return new ChaosTest();
    }

    public static ChaosTest register() {
        ChaosTest t = new ChaosTest();
        t.workload = Workload.REGISTER;
        t.keys = 1;
        return t;
    }

    public ChaosTest nodes(int n) {
        nodes = n;
        return this;
    }

    public ChaosTest keys(int k) {
        keys = k;
        return this;
    }

    public ChaosTest keyDistribution(KeyDistribution d) {
        distribution = d;
        return this;
    }

    public ChaosTest opMix(String weights) {
        mix = OpMix.parse(weights);
        return this;
    }

    public ChaosTest timeLimit(Duration d) {
        timeLimit = d;
        return this;
    }

    public ChaosTest concurrency(int c) {
        concurrency = c;
        return this;
    }

    /** Target operations per second over all workers; 0 = unlimited. */
    public ChaosTest rate(double opsPerSecond) {
        rate = opsPerSecond;
        return this;
    }

    /** As {@code --nemesis}: e.g. "kill,pause,partition", "loss", "none". */
    public ChaosTest nemesis(String faults) {
        nemesis = faults;
        return this;
    }

    public ChaosTest nemesisInterval(Duration d) {
        interval = d;
        return this;
    }

    public ChaosTest faultDuration(Duration d) {
        faultDuration = d;
        return this;
    }

    public ChaosTest seed(long s) {
        seed = s;
        return this;
    }

    public ChaosTest opTimeout(Duration d) {
        opTimeout = d;
        return this;
    }

    public ChaosTest recoveryTimeout(Duration d) {
        recoveryTimeout = d;
        return this;
    }

    /** As {@code --system}: faultline (default) or etcd. */
    public ChaosTest system(String name) {
        system = name;
        return this;
    }

    /** As {@code --system-opt name=value}. */
    public ChaosTest systemOption(String name, String value) {
        systemOptions.put(name, value);
        return this;
    }

    /** As {@code --node-flags}: the faultline system's node-flags option. */
    public ChaosTest nodeFlags(String flags) {
        return systemOption(FaultlineSystem.NODE_FLAGS, flags);
    }

    /** The image; default: the system's own. */
    public ChaosTest image(String i) {
        image = i;
        return this;
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

    public RunConfig config() {
        long s = seed != null ? seed : io.faultline.harness.generator.Seeds.fresh();
        ClusterSpec spec = ClusterSpec.of(nodes, Systems.create(system, systemOptions)).withImage(image);
        return new RunConfig(spec, Workload.of(workload, keys, distribution, mix), timeLimit, concurrency, rate,
                FaultPackages.parse(nemesis), interval, faultDuration != null ? faultDuration : interval.dividedBy(2),
                s, opTimeout, recoveryTimeout, checkTimeout, output);
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
