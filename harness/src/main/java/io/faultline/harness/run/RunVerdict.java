package io.faultline.harness.run;

import java.util.Optional;

/**
 * A finished run's status and the one line that says why, from all it found: the checker's
 * judgement of the history, a broken Raft safety property seen besides it, and what did not
 * recover after healing. Docker runs and simulated runs decide the same way: a safety finding
 * makes a violation whatever the history says; a linearizable history of a cluster that did
 * not recover is a liveness finding.
 */
public record RunVerdict(RunStatus status, String why) {
    /**
     * @param safety       a broken safety property (a node's log line, the simulator's commit
     *                     agreement), as a sentence
     * @param notRecovered what did not recover after healing (no agreement, keys not readable)
     */
    public static RunVerdict of(Judgement judgement, Optional<String> safety, Optional<String> notRecovered) {
        String why = safety.map(s -> s + "; the history: ").orElse("") + judgement.summary()
                + notRecovered.map(r -> "; " + r).orElse("");
        RunStatus status = safety.isPresent() ? RunStatus.VIOLATION : switch (judgement.verdict()) {
            case NOT_LINEARIZABLE -> RunStatus.VIOLATION;
            case UNKNOWN -> RunStatus.UNKNOWN;
            case LINEARIZABLE -> notRecovered.isPresent() ? RunStatus.NOT_RECOVERED : RunStatus.LINEARIZABLE;
        };
        return new RunVerdict(status, why);
    }
}
