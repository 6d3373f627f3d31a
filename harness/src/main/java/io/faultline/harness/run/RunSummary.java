package io.faultline.harness.run;

import io.faultline.checker.history.Op;
import io.faultline.harness.cluster.ClusterHealth;
import io.faultline.harness.nemesis.Nemesis;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** What a run found, for result.json and the report's summary table. */
public record RunSummary(
        RunConfig config,
        String runId,
        Instant started,
        Instant finished,
        RunStatus status,
        String why,
        Map<String, Map<String, Long>> opsByFunction,
        List<Nemesis.Injected> faults,
        Integer faultsPlanned,
        ClusterHealth.Recovery recovery,
        List<String> unreadKeys,
        Judgement judgement,
        String rerun) {

    /** {@code rerun}: the command that repeats the run; null means the config's {@code faultline run} line. */
    public RunSummary {
        if (rerun == null) rerun = config.rerunCommand();
    }

    public static Builder builder(RunConfig config, String runId, Instant started) {
        return new Builder(config, runId, started);
    }

    /** Faults that ran without an error (to start or to end them). */
    public int faultsPlayed() {
        return (int) faults.stream().filter(f -> f.error() == null).count();
    }

    /** "5 of 7 planned" (or "5" when the plan is not known ahead, as in a simulated run). */
    public String faultsPlayedText() {
        return faultsPlayed() + (faultsPlanned == null ? "" : " of " + faultsPlanned + " planned");
    }

    /** The outcome a cas mismatch is counted under: an answer, not an error, so apart from "fail". */
    public static final String CAS_MISMATCH = "cas-mismatch";

    /** Client completions counted by function and outcome, e.g. {put: {ok: 10, info: 2}, cas: {cas-mismatch: 3}}. */
    public static Map<String, Map<String, Long>> countOps(List<Op> ops) {
        Map<String, Map<String, Long>> out = new TreeMap<>();
        for (Op op : ops) {
            if (op.isNemesis() || op.type() == Op.Type.INVOKE) continue;
            String outcome = io.faultline.harness.client.Completion.isCasMismatch(op) ? CAS_MISMATCH : op.type().wireName();
            out.computeIfAbsent(op.f(), f -> new LinkedHashMap<>(Map.of())).merge(outcome, 1L, Long::sum);
        }
        return out;
    }

    public Map<String, Object> toJson() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("run", runId);
        m.put("status", status.wireName());
        m.put("exit-code", status.exitCode());
        m.put("summary", why);
        m.put("seed", config.seed());
        m.put("started", started.toString());
        m.put("finished", finished.toString());
        m.put("ops", opsByFunction);
        List<Map<String, Object>> fs = new ArrayList<>();
        for (Nemesis.Injected f : faults) {
            Map<String, Object> fm = new LinkedHashMap<>();
            fm.put("kind", f.kind());
            fm.put("description", f.description());
            fm.put("start-s", f.startNanos() / 1e9);
            fm.put("end-s", f.ongoing() ? null : f.endNanos() / 1e9);
            if (f.error() != null) fm.put("error", f.error());
            fs.add(fm);
        }
        m.put("faults", fs);
        m.put("faults-played", faultsPlayed());
        if (faultsPlanned != null) m.put("faults-planned", faultsPlanned);
        if (recovery != null) {
            Map<String, Object> r = new LinkedHashMap<>();
            r.put("recovered", recovery.recovered());
            r.put("millis", recovery.millis());
            r.put("evidence", recovery.evidence());
            m.put("recovery", r);
        }
        m.put("unread-keys", unreadKeys);
        if (judgement != null) {
            Map<String, Object> c = new LinkedHashMap<>();
            c.put("summary", judgement.summary());
            c.putAll(judgement.details());
            c.putIfAbsent("verdict", judgement.verdict().name().toLowerCase(java.util.Locale.ROOT));
            m.put("check", c);
        }
        m.put("rerun", rerun);
        return m;
    }

    /** Collects the pieces as the phases produce them. */
    public static final class Builder {
        private final RunConfig config;
        private final String runId;
        private final Instant started;
        private List<Nemesis.Injected> faults = List.of();
        private Integer faultsPlanned;
        private ClusterHealth.Recovery recovery;
        private List<String> unread = List.of();
        private Judgement judgement;
        private String rerun;

        Builder(RunConfig config, String runId, Instant started) {
            this.config = config;
            this.runId = runId;
            this.started = started;
        }

        public Builder faults(List<Nemesis.Injected> f) {
            faults = List.copyOf(f);
            return this;
        }

        public Builder planned(int faults) {
            faultsPlanned = faults;
            return this;
        }

        public Builder recovery(ClusterHealth.Recovery r) {
            recovery = r;
            return this;
        }

        public Builder unread(List<String> keys) {
            unread = List.copyOf(keys);
            return this;
        }

        /** Another command repeats it (a simulated run's replay line). */
        public Builder rerun(String command) {
            rerun = command;
            return this;
        }

        public Builder judgement(Judgement j) {
            judgement = j;
            return this;
        }

        public RunSummary finish(RunStatus status, String why, List<Op> ops) {
            return new RunSummary(config, runId, started, Instant.now(), status, why, countOps(ops), faults,
                    faultsPlanned, recovery, unread, judgement, rerun);
        }
    }
}
