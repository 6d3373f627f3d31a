package io.faultline.harness.cli;

import io.faultline.harness.detect.MatrixTable;
import io.faultline.harness.detect.Subject;
import io.faultline.harness.detect.Trial;
import io.faultline.harness.run.RunStatus;
import io.faultline.harness.run.Shares;
import io.faultline.harness.shard.ShardSet;
import io.faultline.harness.shard.ShardSummary;
import io.faultline.harness.sim.SimTally;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code faultline merge}: the shards of one sim or detect run, printed as one machine would have. */
@Command(name = "merge", mixinStandardHelpOptions = true, usageHelpWidth = 110,
        header = "Merge the shards of a sim or detect run (--shard I/N) into the summary one machine would print.",
        description = {
            "Reads the shard summaries (sim-shard-I-of-N.json, detect-shard-I-of-N.json) in each DIR (or the files",
            "named) and prints what one machine would have printed over the same seeds, on the same streams:",
            "sim's failing seeds and summary line (stderr; the wall time is the shards' added up), detect's table",
            "(stdout) and its verdict. Refused: sim and detect mixed, a shard missing or given twice, shards of",
            "different configurations or seed ranges.",
            "",
            "Exit codes: those of the merged sim or detect (0 passed, 1 a violation or a flag caught too rarely,",
            "3 a cluster that did not recover / a matrix stopped early), 2 shards that do not fit together."
        })
public final class MergeCommand implements Callable<Integer> {
    @Parameters(arity = "1..*", paramLabel = "DIR", description = "The shards' output directories or summary files.")
    List<Path> places;

    private final PrintStream out;
    private final PrintStream err;

    public MergeCommand() {
        this(System.out, System.err);
    }

    MergeCommand(PrintStream out, PrintStream err) {
        this.out = out;
        this.err = err;
    }

    @Override
    public Integer call() {
        try {
            ShardSet set = ShardSet.load(places);
            return ShardSummary.SIM.equals(set.kind()) ? sim(set) : detect(set);
        } catch (IllegalArgumentException e) {
            err.println("faultline merge: " + e.getMessage());
            return RunStatus.SETUP_ERROR.exitCode();
        }
    }

    /** The seeds in range order, up to the first failure unless the shards kept going, as one series takes them. */
    private int sim(ShardSet set) {
        ShardSummary first = set.shards().get(0);
        boolean keepGoing = Boolean.parseBoolean(first.configuration().get("keep-going"));
        List<Long> all = first.allSeeds();
        Map<Long, ShardSummary.SimSeed> bySeed = new HashMap<>();
        for (int i = 0; i < set.shards().size(); i++) {
            ShardSummary s = set.shards().get(i);
            List<Long> expected = s.place().pick(all);
            List<Long> taken = s.seeds().stream().map(ShardSummary.SimSeed::seed).toList();
            boolean stoppedAtFailure = !taken.isEmpty() && !keepGoing
                    && s.seeds().get(taken.size() - 1).status() != RunStatus.LINEARIZABLE;
            if (!taken.equals(expected.subList(0, Math.min(taken.size(), expected.size())))
                    || (taken.size() < expected.size() && !stoppedAtFailure)) {
                throw new IllegalArgumentException(set.files().get(i) + ": shard " + s.place() + " holds seeds "
                        + ShardSet.seeds(taken) + ", not its share " + ShardSet.seeds(expected)
                        + (keepGoing ? "" : " up to its first failure"));
            }
            s.seeds().forEach(x -> bySeed.put(x.seed(), x));
        }
        SimTally tally = new SimTally(keepGoing);
        List<ShardSummary.SimSeed> series = new ArrayList<>();
        for (long seed : all) {
            ShardSummary.SimSeed s = bySeed.get(seed);
            // Every shard ran its seeds up to its own first failure, so all seeds before the first failure are here.
            if (s == null) throw new IllegalStateException("seed " + seed + " is in no shard");
            series.add(s);
            if (!tally.add(s.seed(), s.status(), s.simulatedSeconds())) break;
        }
        for (ShardSummary.SimSeed s : series) {
            if (s.status() != RunStatus.LINEARIZABLE) {
                SimTally.printSeed(err, s.seed(), s.status(), s.why(), s.directory(), s.replay());
            }
        }
        err.println(tally.summary(set.shards().stream().mapToDouble(ShardSummary::wallSeconds).sum()));
        return tally.exitCode();
    }

    /** Every shard's runs in the matrix's order, seed by seed, every row once. */
    private int detect(ShardSet set) {
        ShardSummary first = set.shards().get(0);
        List<Subject> subjects = Subject.parse(first.configuration().get("flags"));
        List<Long> all = first.allSeeds();
        Map<Long, Integer> position = new HashMap<>();
        for (int p = 0; p < all.size(); p++) position.put(all.get(p), p);
        List<Trial> trials = new ArrayList<>();
        Set<String> cells = new HashSet<>();
        for (int i = 0; i < set.shards().size(); i++) {
            ShardSummary s = set.shards().get(i);
            for (ShardSummary.DetectTrial d : s.trials()) {
                Trial t = d.trial();
                Integer p = position.get(t.seed());
                if (p == null || !s.place().holds(p) || !subjects.contains(t.subject())
                        || !cells.add(t.subject().label() + "@" + t.seed())) {
                    throw new IllegalArgumentException(set.files().get(i) + ": shard " + s.place() + " holds a run "
                            + "that is not its own or is there twice: " + t.subject().label() + ", seed " + t.seed());
                }
                trials.add(t);
            }
        }
        trials.sort(Comparator.<Trial>comparingInt(t -> position.get(t.seed()))
                .thenComparingInt(t -> subjects.indexOf(t.subject())));
        boolean complete = set.shards().stream().allMatch(ShardSummary::complete);
        int runs = subjects.size() * all.size();
        List<MatrixTable.Row> rows = MatrixTable.rows(subjects, trials);
        DetectCommand.printTable(out, first.command(), trials.size(), runs, "merged from " + set.shards().size()
                + " shards; load average at the start " + loads(set, ShardSummary::loadAtStart) + ", at the end "
                + loads(set, ShardSummary::loadAtEnd), rows);
        return DetectCommand.verdict(rows, complete && trials.size() == runs, trials,
                Shares.percent("--require", first.configuration().get("require")), err);
    }

    private static String loads(ShardSet set, java.util.function.Function<ShardSummary, String> load) {
        return set.shards().stream().map(load).collect(Collectors.joining(" | "));
    }
}
