package io.faultline.harness.cluster;

import java.util.Map;

/**
 * Docker labels put on every container, network and volume a run creates, so that
 * the run's own cleanup and a later run's sweep can find them.
 */
public final class Labels {
    public static final String FAULTLINE = "io.faultline";
    public static final String RUN = "io.faultline.run";
    /** Pid of the harness process that owns the resource; a sweep removes it once that pid is gone. */
    public static final String OWNER_PID = "io.faultline.pid";

    private Labels() {}

    public static Map<String, String> forRun(String runId) {
        return Map.of(
                FAULTLINE, "true",
                RUN, runId,
                OWNER_PID, Long.toString(ProcessHandle.current().pid()));
    }

    public static String runFilter(String runId) {
        return RUN + "=" + runId;
    }
}
