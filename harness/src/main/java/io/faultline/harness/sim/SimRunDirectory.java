package io.faultline.harness.sim;

import io.faultline.checker.history.HistoryWriter;
import io.faultline.harness.cluster.ClusterSpec;
import io.faultline.harness.nemesis.Nemesis;
import io.faultline.harness.report.ReportWriter;
import io.faultline.harness.run.RunSummary;
import io.faultline.harness.run.RunConfig;
import io.faultline.harness.run.RunDirectory;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
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
            config.put("nodes", options.nodes());
            config.put("workload", options.workload().name());
            config.put("keys", options.workload().keys());
            config.put("op-mix", options.workload().mix().toString());
            config.put("model", options.workload().model());
            config.put("time-limit", options.timeLimit().toSeconds() + "s");
            config.put("concurrency", options.concurrency());
            config.put("rate", options.rate());
            config.put("op-timeout", options.opTimeout().toMillis() + "ms");
            config.put("faults", options.faults().describe());
            if (!options.nemesis().isEmpty()) {
                config.put("nemesis", options.nemesis().packages().stream().map(p -> p.name()).toList());
                config.put("nemesis-interval", options.nemesis().interval().toMillis() + "ms");
                config.put("fault-duration", options.nemesis().duration().toMillis() + "ms");
            }
            config.put("node-flags", String.join(" ", options.nodeFlags()));
            config.put("versions", Map.of("faultline", version, "java", System.getProperty("java.version")));
            config.put("rerun", options.replayCommand(o.seed()));
            dir.writeConfig(config);
            for (String line : o.nemesisLog()) dir.nemesisLog(line);
            o.nodeLogs().forEach((id, text) -> dir.writeText("nodes/n" + id + ".log", text));

            RunConfig shape = new RunConfig(ClusterSpec.of(options.nodes()),
                    options.workload(), options.timeLimit(), options.concurrency(), options.rate(),
                    options.nemesis().packages(), options.nemesis().interval(), options.nemesis().duration(), o.seed(), options.opTimeout(), options.finalBudget(),
                    options.checkTimeout(), root);
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
