package io.faultline.harness.run;

/** What a run tells its caller while it goes: phase changes, faults as they start and stop, and a progress tick each second. */
public interface RunListener {
    void phase(String message);

    void progress(Progress progress);

    /** A fault started or stopped, {@code atSeconds} into the workload (see {@link io.faultline.harness.nemesis.Nemesis.Changes}). */
    default void fault(double atSeconds, String event) {
        phase(String.format(java.util.Locale.ROOT, "%5.1f s  fault %s", atSeconds, event));
    }

    RunListener SILENT = new RunListener() {
        @Override
        public void phase(String message) {}

        @Override
        public void progress(Progress progress) {}
    };

    /** A snapshot for the live progress line. */
    record Progress(double elapsedSeconds, double timeLimitSeconds, long ok, long fail, long info, String activeFault) {
        public String line() {
            return String.format(java.util.Locale.ROOT, "%5.1f/%.0fs  ok %d  fail %d  info %d  fault: %s",
                    elapsedSeconds, timeLimitSeconds, ok, fail, info, activeFault == null ? "-" : activeFault);
        }
    }
}
