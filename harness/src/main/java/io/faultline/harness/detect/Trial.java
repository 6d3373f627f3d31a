package io.faultline.harness.detect;

import io.faultline.harness.run.RunStatus;
import java.nio.file.Path;

/**
 * One run of the matrix.
 *
 * @param foundAtSeconds when the violation was found (see {@link io.faultline.harness.report.FoundAt}); null when none
 * @param wallSeconds    the whole run: start, workload, heal, recovery, final reads, check
 * @param faultsPlayed   of {@code faultsPlanned}: a run that played half its schedule says little
 */
public record Trial(Subject subject, long seed, RunStatus status, Double foundAtSeconds, double wallSeconds,
        Path directory, int faultsPlayed, int faultsPlanned) {
    public boolean caught() {
        return status == RunStatus.VIOLATION;
    }
}
