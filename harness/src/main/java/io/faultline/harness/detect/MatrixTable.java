package io.faultline.harness.detect;

import io.faultline.harness.run.RunStatus;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The matrix as a Markdown table (the README's bug table is pasted from it): per
 * subject the share of runs that caught it, with which seeds, the median time to
 * detection and of a whole run; for the healthy node every violation is a false alarm.
 */
public final class MatrixTable {
    private MatrixTable() {}

    /** Per subject: caught runs / runs, the seeds that caught it, median found-at; other outcomes counted. */
    public record Row(Subject subject, int runs, List<Long> caughtSeeds, Double medianFoundAt, Double medianWall,
            Map<RunStatus, Integer> others, int faultsPlayed, int faultsPlanned) {
        public int caught() {
            return caughtSeeds.size();
        }

        /** Caught in at least {@code percent} % of its runs (and run at least once). */
        public boolean atLeast(int percent) {
            return runs > 0 && caught() * 100L >= (long) percent * runs;
        }
    }

    public static List<Row> rows(List<Subject> subjects, List<Trial> trials) {
        List<Row> out = new ArrayList<>();
        for (Subject s : subjects) {
            // An interrupted run measured nothing: it is left out, not counted as a miss.
            List<Trial> mine = trials.stream()
                    .filter(t -> t.subject().equals(s) && t.status() != RunStatus.INTERRUPTED).toList();
            List<Long> caught = mine.stream().filter(Trial::caught).map(Trial::seed).sorted().toList();
            Map<RunStatus, Integer> others = new EnumMap<>(RunStatus.class);
            for (Trial t : mine) {
                if (!t.caught() && t.status() != RunStatus.LINEARIZABLE) others.merge(t.status(), 1, Integer::sum);
            }
            out.add(new Row(s, mine.size(), caught,
                    median(mine.stream().filter(Trial::caught).map(Trial::foundAtSeconds)
                            .filter(java.util.Objects::nonNull).mapToDouble(Double::doubleValue).toArray()),
                    median(mine.stream().mapToDouble(Trial::wallSeconds).toArray()), others,
                    mine.stream().mapToInt(Trial::faultsPlayed).sum(), mine.stream().mapToInt(Trial::faultsPlanned).sum()));
        }
        return out;
    }

    public static String markdown(List<Row> rows) {
        StringBuilder b = new StringBuilder();
        b.append("| node | caught | seeds that caught it | median found at | median run | faults played | other outcomes |\n");
        b.append("| --- | --- | --- | --- | --- | --- | --- |\n");
        for (Row r : rows) {
            String caught = r.subject().healthy()
                    ? r.caught() + " false alarms in " + r.runs()
                    : r.caught() + " of " + r.runs();
            b.append("| ").append(r.subject().healthy() ? "healthy" : "`" + r.subject().flag() + "`")
                    .append(" | ").append(caught)
                    .append(" | ").append(r.caughtSeeds().isEmpty() ? "–"
                            : r.caughtSeeds().stream().map(String::valueOf).collect(Collectors.joining(", ")))
                    .append(" | ").append(seconds(r.medianFoundAt()))
                    .append(" | ").append(seconds(r.medianWall()))
                    .append(" | ").append(r.faultsPlanned() == 0 ? "–" : r.faultsPlayed() + " of " + r.faultsPlanned())
                    .append(" | ").append(r.others().isEmpty() ? "–" : r.others().entrySet().stream()
                            .map(e -> e.getValue() + " " + e.getKey().words()).collect(Collectors.joining(", ")))
                    .append(" |\n");
        }
        return b.toString();
    }

    private static String seconds(Double s) {
        return s == null ? "–" : String.format(Locale.ROOT, "%.1f s", s);
    }

    static Double median(double[] values) {
        if (values.length == 0) return null;
        double[] v = values.clone();
        java.util.Arrays.sort(v);
        int m = v.length / 2;
        return v.length % 2 == 1 ? v[m] : (v[m - 1] + v[m]) / 2;
    }
}
