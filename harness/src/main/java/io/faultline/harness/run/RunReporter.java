package io.faultline.harness.run;

import io.faultline.checker.history.Op;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/** Writes a finished run's report into its directory (the report package's ReportWriter). */
@FunctionalInterface
public interface RunReporter {
    /** The field of what {@link #write} returns with the acknowledged writes no read could see again. */
    String UNREADABLE = "unreadable-writes";

    /**
     * @param historyZero the wall-clock time of history time 0, to place node log lines in run seconds
     * @return what result.json adds about the faults ("did the faults bite?"), with its "warnings"
     */
    Map<String, Object> write(Path runDir, RunSummary summary, List<Op> ops, Instant historyZero) throws IOException;
}
