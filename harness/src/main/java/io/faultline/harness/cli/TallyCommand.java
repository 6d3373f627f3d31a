package io.faultline.harness.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.faultline.checker.history.HistoryReader;
import io.faultline.harness.report.ReportWriter;
import io.faultline.harness.run.RunStatus;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/**
 * {@code faultline tally}: the table of runs of several systems under several faults (what
 * scripts/reproduction-table.sh records), from their run directories.
 */
@Command(name = "tally", mixinStandardHelpOptions = true, usageHelpWidth = 110,
        header = "Tabulate runs of systems under faults: acknowledged writes lost, not linearizable, not recovered.",
        description = {
            "RUNS has a run a line: fault, system, seed, exit code, run directory, tab-separated (scripts/"
                    + "reproduction-table.sh writes it). Prints a Markdown table, a row per system and a column per "
                    + "fault: in how many runs acknowledged writes became unreadable (every read of their keys failed "
                    + "from a fault on: a lost bucket or stream), the history was not linearizable, and the cluster "
                    + "did not recover; then a line per run with a finding. A run without result.json (a setup error) "
                    + "is counted apart. Exit codes: 0 printed, 2 RUNS unreadable."
        })
public final class TallyCommand implements Callable<Integer> {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Parameters(arity = "1", paramLabel = "RUNS", description = "The runs file (runs.tsv).")
    Path runs;

    @Override
    public Integer call() {
        return tally(runs, System.out, System.err);
    }

    /** One run as tallied. */
    record Run(String fault, String system, long seed, Path dir, boolean setupError, int unreadable,
               boolean notLinearizable, boolean notRecovered, int corrupted, int refused) {
        boolean finding() {
            return unreadable > 0 || notLinearizable || notRecovered;
        }
    }

    static int tally(Path runs, PrintStream out, PrintStream err) {
        List<Run> all = new ArrayList<>();
        try {
            for (String line : Files.readAllLines(runs)) {
                String[] f = line.split("\t");
                if (f.length < 5) continue;
                all.add(read(f[0], f[1], Long.parseLong(f[2]), Path.of(f[4])));
            }
        } catch (IOException | RuntimeException e) {
            err.println("faultline tally: " + runs + ": " + e.getMessage());
            return RunStatus.SETUP_ERROR.exitCode();
        }
        out.print(table(all));
        return 0;
    }

    static Run read(String fault, String system, long seed, Path dir) throws IOException {
        Path result = dir.resolve("result.json");
        if (!Files.isRegularFile(result)) return new Run(fault, system, seed, dir, true, 0, false, false, 0, 0);
        JsonNode r = JSON.readTree(result.toFile());
        List<io.faultline.checker.history.Op> ops = HistoryReader.readAny(dir.resolve("history.jsonl")).ops();
        int unreadable = ReportWriter.unreadableWrites(ops).map(u -> ((Number) u.get("writes")).intValue()).orElse(0);
        // The corrupt fault's stop op records how each damaged node came back (CorruptFault.stop).
        int corrupted = 0;
        int refused = 0;
        for (var o : ops) {
            if (!o.isNemesis() || !"stop-corrupt".equals(o.f()) || !(o.extra().get("reaction") instanceof Map<?, ?> reactions)) continue;
            for (Object how : reactions.values()) {
                corrupted++;
                if (String.valueOf(how).startsWith("exited")) refused++;
            }
        }
        boolean notLinearizable = r.path("check").path("linearizable").isBoolean() && !r.path("check").path("linearizable").asBoolean();
        boolean notRecovered = r.path("recovery").path("recovered").isBoolean() && !r.path("recovery").path("recovered").asBoolean();
        return new Run(fault, system, seed, dir, false, unreadable, notLinearizable, notRecovered, corrupted, refused);
    }

    /** The Markdown table and the runs with a finding. */
    static String table(List<Run> all) {
        List<String> faults = all.stream().map(Run::fault).distinct().toList();
        List<String> systems = all.stream().map(Run::system).distinct().toList();
        Map<String, Map<String, List<Run>>> cells = new LinkedHashMap<>();
        for (Run r : all) {
            cells.computeIfAbsent(r.system(), s -> new LinkedHashMap<>()).computeIfAbsent(r.fault(), f -> new ArrayList<>()).add(r);
        }
        StringBuilder b = new StringBuilder("| system |");
        faults.forEach(f -> b.append(' ').append(f).append(" |"));
        b.append("\n|---|");
        faults.forEach(f -> b.append("---|"));
        b.append('\n');
        for (String s : systems) {
            b.append("| ").append(s).append(" |");
            for (String f : faults) {
                List<Run> runs = cells.get(s).getOrDefault(f, List.of());
                List<Run> done = runs.stream().filter(r -> !r.setupError()).toList();
                long errors = runs.size() - done.size();
                b.append(done.isEmpty() ? " not run" : String.format(" %d / %d / %d of %d",
                        done.stream().filter(r -> r.unreadable() > 0).count(),
                        done.stream().filter(Run::notLinearizable).count(),
                        done.stream().filter(Run::notRecovered).count(), done.size()));
                if (errors > 0) b.append(" (+").append(errors).append(" setup errors)");
                b.append(" |");
            }
            b.append('\n');
        }
        b.append("\nCells: runs in which acknowledged writes stayed unreadable (every read of their keys failed from a fault"
                + " to the end: a lost stream, or no quorum left) / not linearizable / not recovered, of runs.\n");
        for (String s : systems) {
            int corrupted = all.stream().filter(r -> r.system().equals(s)).mapToInt(Run::corrupted).sum();
            int refused = all.stream().filter(r -> r.system().equals(s)).mapToInt(Run::refused).sum();
            if (corrupted > 0) {
                b.append("\n").append(s).append(": of ").append(corrupted).append(" corrupted nodes, ").append(refused)
                        .append(" exited at restart (refused to start or crashed), ").append(corrupted - refused)
                        .append(" served again.");
            }
        }
        b.append('\n');
        for (Run r : all) {
            if (!r.finding() && !r.setupError()) continue;
            b.append("\n- ").append(r.system()).append(' ').append(r.fault()).append(" seed ").append(r.seed()).append(": ");
            if (r.setupError()) {
                b.append("setup error (no result.json)");
            } else {
                List<String> what = new ArrayList<>();
                if (r.unreadable() > 0) what.add(r.unreadable() + " acknowledged writes unreadable");
                if (r.notLinearizable()) what.add("not linearizable");
                if (r.notRecovered()) what.add("not recovered");
                b.append(String.join(", ", what));
            }
            b.append(" (").append(r.dir().getFileName()).append(')');
        }
        return b.append('\n').toString();
    }
}
