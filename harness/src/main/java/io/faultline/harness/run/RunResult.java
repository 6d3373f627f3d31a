package io.faultline.harness.run;

import java.nio.file.Path;

/**
 * The outcome of one run.
 *
 * @param status    how it ended (and so the exit code)
 * @param directory the run directory
 * @param summary   one line for people: verdict, counts, where to look
 * @param faultsPlayed  faults that ran without an error
 * @param faultsPlanned faults the schedule planned (0 when the run ended before it was made)
 */
public record RunResult(RunStatus status, Path directory, String summary, int faultsPlayed, int faultsPlanned) {
    public Path report() {
        return directory.resolve("report.html");
    }
}
