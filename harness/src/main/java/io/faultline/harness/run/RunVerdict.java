package io.faultline.harness.run;

import io.faultline.checker.cli.Durations;
import java.time.Duration;
import java.util.List;

/**
 * A finished run's status and the one line that says why, from all it found: the checker's
 * judgement, whether the cluster recovered, the keys the final reads could not read, and the
 * node-log lines in which a node says Raft's safety broke. A safety line makes a violation
 * whatever the history says; a linearizable history of a cluster that did not recover, or
 * left keys unread, is a liveness finding.
 */
record RunVerdict(RunStatus status, String why) {
    static RunVerdict of(Judgement judgement, boolean recovered, Duration recoveryTimeout, List<String> unread,
                         List<String> safetyLines) {
        String history = judgement.summary();
        if (!safetyLines.isEmpty()) {
            String more = safetyLines.size() > 1 ? " (" + (safetyLines.size() - 1) + " more such lines in the node logs)" : "";
            return new RunVerdict(RunStatus.VIOLATION,
                    "Raft safety broken, logged by " + safetyLines.get(0) + more + "; the history: " + history);
        }
        return switch (judgement.verdict()) {
            case VIOLATION -> new RunVerdict(RunStatus.VIOLATION, history);
            case UNKNOWN -> new RunVerdict(RunStatus.UNKNOWN, history);
            case LINEARIZABLE -> recovered && unread.isEmpty()
                    ? new RunVerdict(RunStatus.LINEARIZABLE, history)
                    : new RunVerdict(RunStatus.NOT_RECOVERED, history + "; but the cluster did not recover: "
                            + (recovered ? "" : "no agreement within " + Durations.format(recoveryTimeout) + " ")
                            + (unread.isEmpty() ? "" : "keys not readable: " + unread));
        };
    }
}
