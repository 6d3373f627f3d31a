package io.faultline.harness.sim;

import io.faultline.checker.history.HistoryWriter;
import io.faultline.harness.nemesis.Nemesis;
import io.faultline.harness.report.ReportWriter;
import io.faultline.harness.run.RunSummary;
import io.faultline.harness.run.OptionValues;
import io.faultline.harness.run.RunConfig;
import io.faultline.harness.run.RunOptions;
import io.faultline.harness.run.RunDirectory;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Leaves a simulated run as the harness leaves a Docker run ({@link RunDirectory}):
 * history.jsonl, config.json (with the replay command), nemesis.log, nodes/n&lt;i&gt;.log,
 * result.json and report.html, so it is read the same way.
 */
final class SimRunDirectory {
    private SimRunDirectory() {}

    static Path write(Path root, SimOptions options, SimRun.Outcome o, String version) {
        try (RunDirectory dir = RunDirectory.create(root, Instant.now(), "sim-" + options.workload().name(), o.seed())) {
            HistoryWriter.writeAll(dir.history(), o.history());
            Map<String, Object> config = new LinkedHashMap<>();
            config.put("simulated", true);
            config.put("seed", o.seed());
            config.putAll(RunOptions.recorded(options.runOptions(), RunOptions.SIM));
            config.put("model", options.workload().model());
            config.put("faults", options.faults().describe());
            config.put("node-flags", String.join(" ", options.nodeFlags()));
            config.put("versions", Map.of("faultline", version, "java", System.getProperty("java.version")));
            config.put("rerun", options.replayCommand(o.seed()));
            dir.writeConfig(config);
            for (String line : o.nemesisLog()) dir.nemesisLog(line);
            o.nodeLogs().forEach((id, text) -> dir.writeText("nodes/n" + id + ".log", text));

            RunConfig shape = new RunConfig(OptionValues.defaults(RunOptions.ALL).withAll(options.runOptions())
                    .with(RunOptions.SEED, o.seed()).with(RunOptions.RECOVERY_TIMEOUT, options.finalBudget())
                    .with(RunOptions.CHECK_TIMEOUT, options.checkTimeout()), Map.of(), root, null);
            RunSummary.Builder builder = RunSummary.builder(shape, dir.name(), Instant.now());
            if (options.nemesis().isEmpty()) {
                builder.faults(faults(o.nemesisLog()));
            } else {
                builder.faults(o.faults()).planned(o.planned());
            }
            RunSummary summary = builder.unread(o.unread()).judgement(o.judgement()).rerun(options.replayCommand(o.seed()))
                    .finish(o.status(), o.why(), o.history());
            Map<String, Object> result = new LinkedHashMap<>(summary.toJson());
            result.put("simulated-seconds", o.simulatedSeconds());
            result.put("did-the-faults-bite", ReportWriter.writeRun(dir.path(), summary, o.history(),
                    Instant.ofEpochMilli(io.faultline.sim.SimCluster.EPOCH_MILLIS)));
            dir.writeResult(result);
            return dir.path();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the run directory: " + e.getMessage(), e);
        }
    }

    /** The simulator's own faults: nemesis.log lines ("  12.345 s  what") as the report's fault list. */
    private static List<Nemesis.Injected> faults(List<String> lines) {
        List<Nemesis.Injected> out = new ArrayList<>();
        for (String line : lines) {
            String t = line.trim();
            int s = t.indexOf(" s  ");
            long at = s < 0 ? 0 : (long) (Double.parseDouble(t.substring(0, s)) * 1e9);
            out.add(new Nemesis.Injected("sim", s < 0 ? t : t.substring(s + 4), at, Nemesis.Injected.ONGOING, null,
                    Map.of()));
        }
        return out;
    }
}
